import { leadersByRank, type ArenaState, type PersonalBestMessage, type RoundResults } from '@orb-arena/shared';
import type { NetSnapshot } from '../net/ArenaConnection.ts';
import { LiveLeaderboard } from './LiveLeaderboard.ts';

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing #${id} in index.html`);
  return found as T;
}

function formatClock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The stats bar's figures, as shown. */
export interface StatsText {
  mass: string;
  score: string;
  /** The own best today; null for a spectator (another player's best is not sent). */
  bestToday: string | null;
  rank: string;
  /** Whose figures they are when they are not the own player's: the watched name ('-' while none). */
  watched: string | null;
}

/** The stats bar of a player: its own mass, score, best today and rank. */
export function ownStats(state: ArenaState, ownId: string): StatsText {
  const me = state.players?.get(ownId);
  // The stored best today, or this round's score once it beats it.
  const best = Math.max(me?.bestToday ?? 0, me?.score ?? 0);
  return {
    mass: String(me?.mass ?? 0),
    score: String(me?.score ?? 0),
    bestToday: `best today ${best > 0 ? best : '-'}`,
    rank: me?.rank ? `#${me.rank} of ${state.playerCount}` : '-',
    watched: null,
  };
}

/**
 * The stats bar of a spectator: the figures of the player its camera follows (`followId`), '-' where
 * unknown (the camera is free, the player not in view yet). A spectator has no player of its own, so
 * the own figures were all zeros. A player's score and rank are owner-only fields; the server also
 * sends them to the spectators following that player (InterestManager.showOwnerFields), and until they
 * arrive the public leaderboard has them for its top entries.
 */
export function watchedStats(state: ArenaState, followId: string | null): StatsText {
  const player = followId === null ? undefined : state.players?.get(followId);
  const entry = followId === null ? undefined : state.leaderboard?.find((leader) => leader.id === followId);
  // Owner-only fields never sent to this client decode as undefined (0 is a real score).
  const score = player?.score ?? entry?.score;
  const rank = player?.rank || entry?.rank;
  return {
    mass: player ? String(player.mass) : '-',
    score: score === undefined ? '-' : String(score),
    bestToday: null,
    rank: rank ? `#${rank} of ${state.playerCount}` : '-',
    watched: followId === null ? 'free camera' : (player?.name ?? entry?.name ?? '-'),
  };
}

/** How the stats bar tells that spectators watch the room; null (nothing shown) when none does. */
export function watchersText(count: number | undefined): string | null {
  return count ? `${count} watching` : null;
}

/** The HTML overlay: score, rank, timer, live leaderboard, banners, round results, debug stats. */
export class Hud {
  private readonly root = element('hud');
  private readonly score = element('score');
  private readonly bestToday = element('best-today');
  private readonly newBest = element('new-best');
  /** The round whose score was a new personal best (shown on its results), if any. */
  private newBestRound: number | null = null;
  private readonly rank = element('rank');
  private readonly timer = element('timer');
  private readonly watchersPart = element('watchers-part');
  private readonly watchers = element('watchers');
  private readonly ping = element('ping');
  private readonly leaderboard = new LiveLeaderboard(element<HTMLOListElement>('leaderboard'));

  private readonly banner = element('banner');
  private readonly debug = element('debug');
  private readonly results = element('results');
  private readonly standings = element<HTMLOListElement>('standings');
  private readonly nextRound = element('next-round');
  private lastBoard = '';
  private bannerKind: string | null = null;
  /** The own place under the round's standings (the place on the live board is LiveLeaderboard's). */
  private readonly ownPlace = document.createElement('li');
  private standingsHaveMe = false;
  private standingsCount = 0;
  /** The own player's place as last rendered (the results message can come before or after it). */
  private lastMe: { rank: number; name: string; score: number } | undefined;
  private readonly mass = element('mass');
  private readonly watchedPart = element('watched-part');
  private readonly watched = element('watched');
  private readonly bestTodayPart = element('best-today-part');

  /**
   * Called with a player's id when a name on the leaderboard is picked (a spectator follows it);
   * null makes the names plain text again.
   */
  onPick(pick: ((id: string) => void) | null): void {
    this.leaderboard.onPick(pick);
  }

  /** Shows the HUD for a new game: nothing from the last one (a banner, the results) carries over. */
  show(): void {
    this.banner.hidden = true;
    this.bannerKind = null;
    this.results.hidden = true;
    this.root.hidden = false;
  }

  hide(): void {
    this.root.hidden = true;
    this.results.hidden = true;
  }

  /**
   * Refreshes everything that comes from the synchronized state. Cheap when nothing changed.
   * `watching` is given for a spectator: the player its camera follows (null: a free camera), whose
   * figures the stats bar shows instead of the own ones.
   */
  render(state: ArenaState, sessionId: string, watching?: { followId: string | null }): void {
    const me = state.players?.get(sessionId);
    this.renderStats(watching ? watchedStats(state, watching.followId) : ownStats(state, sessionId));
    this.timer.textContent = formatClock(state.secondsLeft ?? 0);
    const watchers = watchersText(state.watcherCount);
    if (this.watchersPart.hidden !== (watchers === null)) this.watchersPart.hidden = watchers === null;
    if (watchers !== null && this.watchers.textContent !== watchers) this.watchers.textContent = watchers;
    const entries = leadersByRank(state.leaderboard).map(({ id, name, score, bot }) => ({ id, name, score, bot }));
    const followId = watching?.followId ?? null;
    const key = JSON.stringify([entries, me?.rank, followId]);
    if (key !== this.lastBoard) {
      this.lastBoard = key;
      const own = me && { rank: me.rank, name: me.name, score: me.score };
      this.leaderboard.render(entries, { ownId: sessionId, own, followId });
    }
    // The overlay follows the phase; the results message (which can arrive a patch before the phase
    // changes) only fills in the standings.
    this.results.hidden = state.phase !== 'results';
    // The "stored" message can come a patch before the phase: it shows with its round's results.
    this.newBest.hidden = !(state.phase === 'results' && this.newBestRound === state.round);
    if (state.phase === 'results') {
      this.nextRound.textContent = String(state.secondsLeft);
      this.lastMe = me && { rank: me.rank, name: me.name, score: me.score };
      this.renderOwnPlace(this.lastMe);
    }
  }

  /** Says on the results overlay that the round's score was a new personal best (today, week, all time). */
  showPersonalBest(message: PersonalBestMessage): void {
    const titles = { daily: 'today', weekly: 'this week', all: 'all time' } as const;
    const beaten = (Object.keys(titles) as (keyof typeof titles)[]).filter((period) =>
      message.newBest.includes(period),
    );
    this.newBestRound = beaten.length > 0 ? message.round : null;
    this.newBest.textContent = `New personal best: ${message.score} (${beaten.map((period) => titles[period]).join(', ')})`;
  }

  private renderStats(stats: StatsText): void {
    this.watchedPart.hidden = stats.watched === null;
    this.watched.textContent = stats.watched ?? '';
    this.mass.textContent = stats.mass;
    this.score.textContent = stats.score;
    this.bestTodayPart.hidden = stats.bestToday === null;
    this.bestToday.textContent = stats.bestToday ?? '';
    this.rank.textContent = stats.rank;
  }

  /** Fills in the standings of the round that just ended (shown while the phase is 'results'). */
  showResults(results: RoundResults, sessionId: string): void {
    this.standings.replaceChildren(
      ...results.standings.map((entry) => {
        const item = document.createElement('li');
        item.textContent = `${entry.name} — ${entry.score}`;
        if (entry.id === sessionId) item.className = 'me';
        return item;
      }),
    );
    this.standingsHaveMe = results.standings.some((entry) => entry.id === sessionId);
    this.standingsCount = results.standings.length;
    this.renderOwnPlace(this.lastMe);
  }

  /** Below the top 10, the player's own place, highlighted, when it is not among them. */
  private renderOwnPlace(me: { rank: number; name: string; score: number } | undefined): void {
    if (this.standingsHaveMe || !me || me.rank <= this.standingsCount) {
      this.ownPlace.remove();
      return;
    }
    this.ownPlace.className = 'me own-place';
    this.ownPlace.value = me.rank;
    this.ownPlace.textContent = `${me.name} — ${me.score}`;
    if (!this.ownPlace.isConnected) this.standings.append(this.ownPlace);
  }

  /** Shows a message under the stats bar, tagged with a kind so it can be cleared by kind. */
  setBanner(text: string, kind: string): void {
    this.banner.hidden = false;
    this.banner.textContent = text;
    this.bannerKind = kind;
  }

  /** Hides the banner if it shows a message of `kind`. */
  clearBanner(kind: string): void {
    if (this.bannerKind !== kind) return;
    this.banner.hidden = true;
    this.bannerKind = null;
  }

  toggleDebug(): void {
    this.debug.hidden = !this.debug.hidden;
  }

  /** Updates the always-visible ping and, when shown, the F3 network overlay. */
  renderNet(stats: NetSnapshot): void {
    this.ping.textContent = stats.pingMs === null ? '- ms' : `${stats.pingMs.toFixed(0)} ms`;
    if (this.debug.hidden) return;
    this.debug.textContent = [
      `ping          ${stats.pingMs === null ? '-' : stats.pingMs.toFixed(0)} ms (smoothed)`,
      `input → ack   ${stats.inputAckMs.toFixed(0)} ms`,
      `jitter        ${stats.jitterMs.toFixed(1)} ms`,
      `interp delay  ${stats.interpolationDelayMs.toFixed(0)} ms`,
      `pred. error   ${stats.predictionErrorUnits.toFixed(2)} units`,
      `pending       ${stats.pendingInputs} inputs`,
      `patches       ${stats.patchesPerSecond}/s`,
      `in / out      ${(stats.bytesInPerSecond / 1024).toFixed(2)} / ${(stats.bytesOutPerSecond / 1024).toFixed(2)} KB/s`,
      `dry buffers   ${stats.dryRemotes}`,
    ].join('\n');
  }
}
