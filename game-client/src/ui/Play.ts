import {
  ARENA_ROOM,
  isModeId,
  normalizeRoomCode,
  ROOM_CODE_LENGTH,
  type KillEvent,
  type RoundResults,
} from '@orb-arena/shared';
import { ArenaConnection } from '../net/ArenaConnection.ts';
import { ChatLink } from '../net/ChatLink.ts';
import { matchSecondsFromUrl, serverEndpoint } from '../net/endpoint.ts';
import type { JoinTarget } from '../net/matchmaking.ts';
import {
  RESTARTING_MESSAGE,
  UNREACHABLE_MESSAGE,
  describeLeave,
  isServerUnreachable,
} from '../net/connectionMessages.ts';
import { leaveOnPageHide } from '../net/pageLifecycle.ts';
import { withRetries } from '../net/retry.ts';
import type { PlayerOnScreen } from '../scenes/ArenaScene.ts';
import type { GameHandle } from '../scenes/bootGame.ts';
import { Chat } from './Chat.ts';
import { savedHue } from './ColorPicker.ts';
import { DeathScreen } from './DeathScreen.ts';
import { describeError, element } from './dom.ts';
import { EscapeAction, escapeAction } from './escapeKey.ts';
import { Joystick } from './Joystick.ts';
import { Minimap } from './Minimap.ts';
import { Notice } from './Notice.ts';
import { Sound } from './Sound.ts';
import { spectateHelp } from './touchHelp.ts';
import { KillFeed } from './KillFeed.ts';
import type { Hud } from './hud.ts';
import { savedName } from './Menu.ts';
import { RoomShare } from './RoomShare.ts';
import type { Route, Router, Screen } from './Router.ts';

type PlayRoute = Extract<Route, { screen: 'play' }> | Extract<Route, { screen: 'spectate' }>;

/**
 * Phaser and the scene, in their own chunk (most of the download): main.ts starts fetching it as
 * soon as the menu is up, and Play awaits it while joining.
 */
export const loadGame = () => import('../scenes/bootGame.ts');

/** How long the "moved to another server" banner stays, ms. */
const MOVED_BANNER_MS = 3000;

/** What the results screen shows about the match just left. */
export interface MatchSummary {
  roomId: string;
  /** The last round results received, if a round ended while playing. */
  results: RoundResults | null;
  sessionId: string;
  /** True when it was watched, not played (a spectator seat). */
  spectating: boolean;
}

/**
 * The match: joins the room the route names (quick play in a mode, or a room id / private code),
 * runs the Phaser scene and the HUD, and leaves the room when the player navigates away. Once
 * joined, the URL becomes `/?room=ID`, a link that brings a friend into the same room.
 */
export class Play implements Screen<PlayRoute> {
  readonly needsName = true;
  private game: GameHandle | null = null;
  private connection: ArenaConnection | null = null;
  private lastResults: RoundResults | null = null;
  private readonly deathScreen = new DeathScreen(element('hud'));
  private readonly killFeed = new KillFeed(element('hud-left'));
  private stopLeaveOnPageHide: (() => void) | null = null;
  private joystick: Joystick | null = null;
  private readonly notice = new Notice();
  private readonly sound = new Sound(element('hud'));
  private readonly minimap = new Minimap(element('hud'));
  /** The own mass on the last frame, to hear orbs being eaten. */
  private lastMass = 0;
  private readonly chat = new Chat();
  private readonly share = new RoomShare();
  /** A spectator's visible way out (a player leaves with Esc or the back button). */
  private readonly leaveButton = element<HTMLButtonElement>('leave');

  constructor(
    private readonly router: Router,
    private readonly hud: Hud,
    private readonly onLeft: (summary: MatchSummary, message: string) => void,
  ) {
    window.addEventListener('keydown', (event) => this.onKey(event));
    this.leaveButton.addEventListener('click', () => this.leaveMatch());
  }

  /** The live connection while playing (read by the debug hook). */
  get current(): ArenaConnection | null {
    return this.connection;
  }

  /** The other players as drawn on the last frame, CSS px (read by the debug hook). */
  get playersOnScreen(): readonly PlayerOnScreen[] {
    return this.game?.playersOnScreen() ?? [];
  }

  async enter(route: PlayRoute): Promise<void> {
    const target = targetOf(route);
    let connection: ArenaConnection;
    const gameModule = loadGame();
    gameModule.catch(() => undefined); // awaited below; a failed join must not leave it unhandled
    const join = () =>
      ArenaConnection.join({
        endpoint: serverEndpoint(),
        target,
        options: {
          name: savedName()!,
          matchSeconds: matchSecondsFromUrl(),
          portrait: innerHeight > innerWidth,
          hue: savedHue(),
        },
        events: {
          status: (status, detail) => this.onStatus(status, detail),
          results: (results) => {
            this.lastResults = results;
            this.sound.play('roundEnd');
            if (this.connection) this.hud.showResults(results, this.connection.sessionId);
          },
          eaten: (message) => {
            this.deathScreen.show(message, performance.now());
            this.sound.play('eaten');
          },
          personalBest: (message) => this.hud.showPersonalBest(message),
          announce: (text) => this.hud.setBanner(text, 'announce'),
          moved: (next) => this.onMoved(next),
        },
      });
    try {
      // A server that is down (restarting) is tried again for a while, with a notice; then the player chooses.
      connection = await withRetries(join, {
        shouldRetry: isServerUnreachable,
        onRetry: () => this.notice.show(RESTARTING_MESSAGE),
      });
    } catch (error) {
      if (isServerUnreachable(error)) throw new Error(UNREACHABLE_MESSAGE, { cause: error });
      throw new Error(`Could not join: ${describeJoinError(error, target)}`, { cause: error });
    } finally {
      this.notice.hide();
    }
    const { bootGame } = await gameModule;
    this.connection = connection;
    this.lastResults = null;
    this.stopLeaveOnPageHide = leaveOnPageHide(connection);
    const roomId = connection.room.roomId;
    this.router.setUrl(
      target.kind === 'spectate' ? { screen: 'spectate', room: roomId } : { screen: 'play', room: roomId },
    );
    if (target.kind !== 'spectate') this.share.show(roomId);
    this.hud.show();
    this.leaveButton.hidden = !connection.camera;
    this.attachChat(connection);
    if (connection.camera) {
      const camera = connection.camera;
      this.hud.onPick((id) => camera.follow(id));
      this.hud.setBanner(spectateHelp(), 'spectate');
    }
    // A finger drag steers the own orb, or drags a spectator's camera as a map (no knob to show).
    this.joystick = new Joystick(element('hud'), { knob: !connection.camera });
    this.game = bootGame(connection, () => this.onFrame(), this.joystick ?? undefined);
  }

  /** Esc lets a spectator's followed player go, or leaves the match for the results screen (see escapeAction). */
  private onKey(event: KeyboardEvent): void {
    const connection = this.connection;
    if (!connection) return;
    const action = escapeAction(event, connection.camera?.followId != null);
    if (action === EscapeAction.Unfollow) connection.camera?.unfollow();
    if (action === EscapeAction.Leave) this.leaveMatch();
  }

  /** Leaves the match for the results screen: Esc (from a free camera), or a spectator's Leave button. */
  private leaveMatch(): void {
    if (this.connection) this.onLeft(this.summary(this.connection), 'You left the match.');
  }

  private attachChat(connection: ArenaConnection): void {
    this.chat.attach(
      new ChatLink(connection.room, {
        line: (line) => this.chat.addLine(line),
        feed: (event) => {
          this.chat.addFeed(event, connection.sessionId);
          if (event.kind === 'ate') this.onKill(event);
        },
        refused: (refused) => this.chat.addRefused(refused),
      }),
    );
  }

  leave(): void {
    const connection = this.connection;
    this.connection = null;
    this.stopLeaveOnPageHide?.();
    this.deathScreen.hide();
    this.killFeed.clear();
    this.game?.destroy();
    this.game = null;
    this.joystick?.destroy();
    this.joystick = null;
    this.hud.hide();
    this.leaveButton.hidden = true;
    this.hud.onPick(null);
    this.hud.clearBanner('spectate');
    this.chat.detach();
    this.share.hide();
    if (connection && connection.status !== 'disconnected') void connection.leave();
  }

  /** After every game step: the HUD and the death screen follow the state. */
  private onFrame(): void {
    const current = this.connection;
    if (!current) return;
    this.hud.render(current.state, current.sessionId, current.camera ?? undefined);
    this.hud.renderNet(current.stats());
    const own = current.state.players?.get(current.sessionId);
    const now = performance.now();
    this.deathScreen.update(own?.alive ?? true, now);
    this.minimap.render(
      {
        state: current.state,
        own: current.ownPosition(),
        ownId: current.sessionId,
        players: this.game?.playersOnScreen(),
        camera: current.camera && { x: current.camera.x, y: current.camera.y, portrait: innerHeight > innerWidth },
      },
      now,
    );
    if (own?.alive && this.lastMass > 0 && own.mass > this.lastMass) this.sound.play('eat');
    this.lastMass = own?.alive ? own.mass : 0;
  }

  /** An `ate` event of the room's feed: a kill feed line, and a sound when this player ate. */
  private onKill(message: KillEvent): void {
    if (!this.connection) return;
    this.killFeed.add(message, this.connection.sessionId);
    if (message.eaterId === this.connection.sessionId) this.sound.play('kill');
  }

  /** The server went away and the connection rejoined elsewhere (same identity): draw the new room. */
  private onMoved(next: ArenaConnection): void {
    if (!this.connection) return void next.leave(); // the player left meanwhile
    this.connection = next;
    this.router.setUrl({ screen: 'play', room: next.room.roomId });
    this.hud.setBanner('Moved to another server', 'connection');
    setTimeout(() => this.hud.clearBanner('connection'), MOVED_BANNER_MS);
    this.stopLeaveOnPageHide?.();
    this.stopLeaveOnPageHide = leaveOnPageHide(next);
    this.attachChat(next);
    this.game?.restart(next);
  }

  private onStatus(status: ArenaConnection['status'], detail?: string): void {
    if (status === 'connected') this.hud.clearBanner('connection');
    if (status === 'reconnecting') this.hud.setBanner('Connection lost, reconnecting…', 'connection');
    if (status === 'moving') this.hud.setBanner(RESTARTING_MESSAGE, 'connection');
    if (status === 'disconnected' && this.connection) {
      this.onLeft(this.summary(this.connection), detail ?? describeLeave(this.connection.leaveCode ?? 0));
    }
  }

  private summary(connection: ArenaConnection): MatchSummary {
    return {
      roomId: connection.room.roomId,
      sessionId: connection.sessionId,
      results: this.lastResults,
      spectating: connection.camera !== null,
    };
  }
}

/** What a play route asks the matchmaker for (a spectate route: a spectator seat in that room). */
function targetOf(route: PlayRoute): JoinTarget {
  if (route.screen === 'spectate') return { kind: 'spectate', roomId: roomIdOf(route.room) };
  if (route.room) return { kind: 'room', roomId: normalizeRoomCode(route.room) };
  const mode = route.mode ?? ARENA_ROOM;
  if (!isModeId(mode)) throw new Error(`Could not join: there is no game mode "${mode}"`);
  return route.create ? { kind: 'private', mode, matchSeconds: route.round } : { kind: 'quick', mode };
}

/**
 * A room id as typed or linked: a private code in any case and spacing, or a public room's id as is
 * (Colyseus ids may contain "-", which normalizeRoomCode strips from anything that is not a code).
 */
function roomIdOf(typed: string): string {
  const code = normalizeRoomCode(typed);
  return code.length === ROOM_CODE_LENGTH && code === code.toUpperCase() ? code : typed.trim();
}

/** Turns the matchmaker's answers into sentences a player understands. */
function describeJoinError(error: unknown, target: JoinTarget): string {
  const message = describeError(error);
  if (target.kind === 'spectate' && /not found|disposed/.test(message)) {
    return `no match ${target.roomId} to watch: it may have ended`;
  }
  if (target.kind === 'room' && /not found|locked|disposed/.test(message)) {
    return `no open room with code ${target.roomId}: it may have ended, be full, or the code is mistyped`;
  }
  return message;
}
