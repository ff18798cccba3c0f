import { MODE_LIST, MODES, isModeId, normalizeRoomCode } from '@orb-arena/shared';
import { serverEndpoint } from '../net/endpoint.ts';
import { LobbyConnection, type ListedMatch } from '../net/LobbyConnection.ts';
import { describeError, element } from './dom.ts';
import type { Router, Screen } from './Router.ts';

/** Round lengths offered for a private room, seconds (0: the mode's own). */
const ROUND_CHOICES = [0, 60, 120, 180, 300, 600];

function formatClock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * The lobby: every public match live (mode, players / seats, phase, time left), quick play in the
 * chosen mode, a private room with its own round length, and joining by code. The list comes from
 * the server's LobbyRoom as it changes; the only timer here counts the shown time left down.
 */
export class Lobby implements Screen<{ screen: 'lobby' }> {
  readonly needsName = false;
  private readonly root = element('lobby');
  private readonly mode = element<HTMLSelectElement>('lobby-mode');
  private readonly modeSummary = element('lobby-mode-summary');
  private readonly round = element<HTMLSelectElement>('lobby-round');
  private readonly code = element<HTMLInputElement>('lobby-code');
  private readonly rooms = element<HTMLOListElement>('lobby-rooms');
  private readonly count = element('lobby-count');
  private readonly error = element('lobby-error');
  private connection: LobbyConnection | null = null;
  private clockTimer: ReturnType<typeof setInterval> | null = null;
  /** Counts visits, so a connection that completes after the player moved on is dropped. */
  private visit = 0;

  constructor(private readonly router: Router) {
    // The option shows the title only: a select is one line wide and cut the summary off (play-test).
    this.mode.replaceChildren(...MODE_LIST.map((mode) => new Option(mode.title, mode.id)));
    this.mode.addEventListener('change', () => this.renderModeChoice());
    this.renderModeChoice();
    element('lobby-quick').addEventListener(
      'click',
      () => void this.router.go({ screen: 'play', mode: this.mode.value }),
    );
    element('lobby-create').addEventListener('click', () => {
      const round = Number(this.round.value);
      void this.router.go({ screen: 'play', mode: this.mode.value, create: true, ...(round ? { round } : {}) });
    });
    element<HTMLFormElement>('lobby-join').addEventListener('submit', (event) => {
      event.preventDefault();
      const code = normalizeRoomCode(this.code.value);
      if (!code) this.error.textContent = 'Type the code of the room you want to join.';
      else void this.router.go({ screen: 'play', room: code });
    });
    element('lobby-back').addEventListener('click', () => void this.router.go({ screen: 'menu' }));
  }

  /** Public matches and players in them now (the debug hook reads it). */
  get summary(): { matches: number; players: number } | null {
    if (!this.connection) return null;
    let players = 0;
    for (const match of this.connection.matches.values()) players += match.listing.players;
    return { matches: this.connection.matches.size, players };
  }

  async enter(_route: { screen: 'lobby' }, message = ''): Promise<void> {
    this.error.textContent = message;
    this.root.hidden = false;
    this.count.textContent = 'Connecting…';
    const visit = ++this.visit;
    try {
      const connection = await LobbyConnection.join(serverEndpoint());
      if (visit !== this.visit || this.root.hidden) {
        // The player moved on while it connected.
        await connection.leave();
        return;
      }
      this.connection = connection;
    } catch (error) {
      this.count.textContent = '';
      this.error.textContent = `Could not reach the lobby: ${describeError(error)}`;
      return;
    }
    this.connection.onChange(() => this.render());
    this.clockTimer = setInterval(() => this.render(), 1000);
    this.render();
  }

  leave(): void {
    this.visit++;
    this.root.hidden = true;
    if (this.clockTimer) clearInterval(this.clockTimer);
    this.clockTimer = null;
    void this.connection?.leave().catch(() => undefined);
    this.connection = null;
  }

  /** Shows the chosen mode's summary under the select and offers its round lengths. */
  private renderModeChoice(): void {
    const mode = isModeId(this.mode.value) ? MODES[this.mode.value] : MODE_LIST[0]!;
    this.modeSummary.textContent = mode.summary;
    this.round.replaceChildren(
      ...ROUND_CHOICES.map(
        (seconds) =>
          new Option(
            seconds ? `${seconds / 60} min rounds` : `${mode.world.matchSeconds / 60} min rounds (default)`,
            String(seconds),
          ),
      ),
    );
  }

  private render(): void {
    const matches = [...(this.connection?.matches.values() ?? [])].sort(
      (a, b) => a.listing.mode.localeCompare(b.listing.mode) || b.listing.players - a.listing.players,
    );
    const summary = this.summary;
    this.count.textContent = summary
      ? `${summary.matches} public ${summary.matches === 1 ? 'match' : 'matches'}, ${summary.players} playing`
      : '';
    this.count.dataset.matches = String(summary?.matches ?? 0);
    this.rooms.replaceChildren(...matches.map((match) => this.renderMatch(match)));
  }

  private renderMatch(match: ListedMatch): HTMLLIElement {
    const { listing } = match;
    const item = document.createElement('li');
    item.dataset.roomId = match.roomId;
    const left = Math.max(0, Math.ceil((listing.phaseEndsAt - Date.now()) / 1000));
    const phase =
      listing.phase === 'playing'
        ? `round ${listing.round}, ${formatClock(left)} left`
        : `results, next round in ${left} s`;
    const title = MODES[listing.mode]?.title ?? listing.mode;
    const text = document.createElement('span');
    text.textContent = `${title} · ${listing.players}/${listing.maxPlayers} players · ${phase}`;
    const join = document.createElement('button');
    join.type = 'button';
    join.textContent = 'Join';
    join.disabled = match.locked || listing.players >= listing.maxPlayers;
    join.addEventListener('click', () => void this.router.go({ screen: 'play', room: match.roomId }));
    item.append(text, join);
    if (this.router.has('spectate')) {
      const watch = document.createElement('button');
      watch.type = 'button';
      watch.className = 'secondary';
      watch.textContent = 'Watch';
      watch.addEventListener('click', () => void this.router.go({ screen: 'spectate', room: match.roomId }));
      item.append(watch);
    }
    return item;
  }
}
