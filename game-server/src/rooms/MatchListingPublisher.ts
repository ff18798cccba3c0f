import { logger } from '@colyseus/core';
import {
  QUICK_PLAY_MIN_SECONDS_LEFT,
  secondsLeft,
  type MatchListing,
  type ModeId,
  type World,
} from '@orb-arena/shared';

/** The part of a room the publisher needs: Colyseus's `setMetadata`. */
export interface ListedRoom {
  readonly roomId: string;
  setMetadata(meta: MatchListing): Promise<void>;
}

/** The listing of `world` at wall-clock time `now` (ms since the epoch). */
export function describeMatch(world: World, fixed: { mode: ModeId; maxPlayers: number }, now: number): MatchListing {
  const left = secondsLeft(world);
  const phase = world.match.phase;
  return {
    mode: fixed.mode,
    players: world.players.size,
    maxPlayers: fixed.maxPlayers,
    phase,
    round: world.match.round,
    phaseEndsAt: now + ((world.match.phaseEndsTick - world.tick) / world.config.tickHz) * 1000,
    matchSeconds: world.config.matchSeconds,
    arenaSize: world.config.arenaSize,
    quickPlay: phase === 'results' || left > QUICK_PLAY_MIN_SECONDS_LEFT,
  };
}

/** True if the lobby would show `a` and `b` differently (the end time only moves with the phase). */
function differs(a: MatchListing, b: MatchListing): boolean {
  return (
    a.players !== b.players ||
    a.maxPlayers !== b.maxPlayers ||
    a.phase !== b.phase ||
    a.round !== b.round ||
    a.quickPlay !== b.quickPlay
  );
}

/**
 * Keeps a room's listing metadata (and through it the live lobby and quick play's filter) in step
 * with its match. `update` may be called as often as wanted: it writes only when something the lobby
 * shows changed, so a room costs the matchmaker a write per join, leave and phase change.
 */
export class MatchListingPublisher {
  private last: MatchListing | null = null;

  constructor(
    private readonly room: ListedRoom,
    private readonly fixed: { mode: ModeId; maxPlayers: number },
  ) {}

  /** The listing last published. */
  get current(): MatchListing | null {
    return this.last;
  }

  /** Publishes the match's listing if it changed; `now` is the wall clock in ms. */
  update(world: World, now = Date.now()): void {
    const next = describeMatch(world, this.fixed, now);
    if (this.last && !differs(this.last, next)) return;
    this.last = next;
    this.room.setMetadata(next).catch((error: unknown) => {
      // The match goes on; the lobby shows the previous figures until the next change.
      logger.error(`arena ${this.room.roomId}: could not publish the listing: ${String(error)}`);
    });
  }
}
