import Phaser from 'phaser';
import { ARENA_ROOM, isModeId, normalizeRoomCode, ROOM_CODE_LENGTH, type RoundResults } from '@orb-arena/shared';
import { ArenaConnection } from '../net/ArenaConnection.ts';
import { matchSecondsFromUrl, serverEndpoint } from '../net/endpoint.ts';
import type { JoinTarget } from '../net/matchmaking.ts';
import { ChatLink } from '../net/ChatLink.ts';
import { ArenaScene } from '../scenes/ArenaScene.ts';
import { Chat } from './Chat.ts';
import { describeError } from './dom.ts';
import type { Hud } from './hud.ts';
import { savedName } from './Menu.ts';
import { RoomShare } from './RoomShare.ts';
import type { Route, Router, Screen } from './Router.ts';

type PlayRoute = Extract<Route, { screen: 'play' }> | Extract<Route, { screen: 'spectate' }>;

/** How long the "moved to another server" banner stays, ms. */
const MOVED_BANNER_MS = 3000;

/** What the results screen shows about the match just left. */
export interface MatchSummary {
  roomId: string;
  /** The last round results received, if a round ended while playing. */
  results: RoundResults | null;
  sessionId: string;
}

/**
 * The match: joins the room the route names (quick play in a mode, or a room id / private code),
 * runs the Phaser scene and the HUD, and leaves the room when the player navigates away. Once
 * joined, the URL becomes `/?room=ID`, a link that brings a friend into the same room.
 */
export class Play implements Screen<PlayRoute> {
  readonly needsName = true;
  private game: Phaser.Game | null = null;
  private connection: ArenaConnection | null = null;
  private lastResults: RoundResults | null = null;
  private readonly chat = new Chat();
  private readonly share = new RoomShare();

  constructor(
    private readonly router: Router,
    private readonly hud: Hud,
    private readonly onLeft: (summary: MatchSummary, message: string) => void,
  ) {
    // Esc leaves the match for the results screen (the back button leaves it for the previous screen).
    window.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.connection) this.onLeft(this.summary(this.connection), 'You left the match.');
    });
  }

  /** The live connection while playing (read by the debug hook). */
  get current(): ArenaConnection | null {
    return this.connection;
  }

  async enter(route: PlayRoute): Promise<void> {
    const target = targetOf(route);
    let connection: ArenaConnection;
    try {
      connection = await ArenaConnection.join({
        endpoint: serverEndpoint(),
        target,
        options: { name: savedName()!, matchSeconds: matchSecondsFromUrl() },
        events: {
          status: (status, detail) => this.onStatus(status, detail),
          results: (results) => {
            this.lastResults = results;
            if (this.connection) this.hud.showResults(results, this.connection.sessionId);
          },
          eaten: (message) =>
            this.hud.setBanner(`Eaten by ${message.by}! Back in ${message.respawnSeconds} s`, 'eaten'),
          personalBest: (message) => this.hud.showPersonalBest(message),
          announce: (text) => this.hud.setBanner(text, 'announce'),
          moved: (next) => this.onMoved(next),
        },
      });
    } catch (error) {
      throw new Error(`Could not join: ${describeJoinError(error, target)}`, { cause: error });
    }
    this.connection = connection;
    this.lastResults = null;
    const roomId = connection.room.roomId;
    this.router.setUrl(
      target.kind === 'spectate' ? { screen: 'spectate', room: roomId } : { screen: 'play', room: roomId },
    );
    if (target.kind !== 'spectate') this.share.show(roomId);
    this.hud.show();
    this.attachChat(connection);
    if (connection.camera) {
      const camera = connection.camera;
      this.hud.onPick((id) => camera.follow(id));
      this.hud.setBanner('Watching: arrow keys move the camera, click a name to follow', 'spectate');
    }
    this.startGame(connection);
  }

  private attachChat(connection: ArenaConnection): void {
    this.chat.attach(
      new ChatLink(connection.room, {
        line: (line) => this.chat.addLine(line),
        feed: (event) => this.chat.addFeed(event),
        refused: (refused) => this.chat.addRefused(refused),
      }),
    );
  }

  leave(): void {
    const connection = this.connection;
    this.connection = null;
    this.game?.destroy(true);
    this.game = null;
    this.hud.hide();
    this.hud.onPick(null);
    this.hud.clearBanner('spectate');
    this.chat.detach();
    this.share.hide();
    if (connection && connection.status !== 'disconnected') void connection.leave();
  }

  private startGame(connection: ArenaConnection): void {
    this.game = new Phaser.Game({
      type: Phaser.AUTO,
      parent: 'game',
      backgroundColor: '#0b0e14',
      scale: { mode: Phaser.Scale.RESIZE, width: window.innerWidth, height: window.innerHeight },
      scene: [],
      callbacks: {
        postBoot: (booted) => booted.scene.add('ArenaScene', ArenaScene, true, { connection }),
      },
    });
    this.game.events.on('poststep', () => {
      const current = this.connection;
      if (!current) return;
      this.hud.render(current.state, current.sessionId);
      this.hud.renderNet(current.stats());
      if (current.state.players?.get(current.sessionId)?.alive) this.hud.clearBanner('eaten');
    });
  }

  /** The server went away and the connection rejoined elsewhere (same identity): draw the new room. */
  private onMoved(next: ArenaConnection): void {
    if (!this.connection) return void next.leave(); // the player left meanwhile
    this.connection = next;
    this.router.setUrl({ screen: 'play', room: next.room.roomId });
    this.hud.setBanner('Moved to another server', 'connection');
    setTimeout(() => this.hud.clearBanner('connection'), MOVED_BANNER_MS);
    this.game?.scene.getScene('ArenaScene')?.scene.restart({ connection: next });
  }

  private onStatus(status: ArenaConnection['status'], detail?: string): void {
    if (status === 'connected') this.hud.clearBanner('connection');
    if (status === 'reconnecting') this.hud.setBanner('Connection lost, reconnecting…', 'connection');
    if (status === 'moving') this.hud.setBanner('Server moving you…', 'connection');
    if (status === 'disconnected' && this.connection) {
      this.onLeft(this.summary(this.connection), `Disconnected from the server (${detail ?? 'no reason'}).`);
    }
  }

  private summary(connection: ArenaConnection): MatchSummary {
    return { roomId: connection.room.roomId, sessionId: connection.sessionId, results: this.lastResults };
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
