import { matchMaker } from '@colyseus/core';
import { log } from '../logger.ts';
import { LIVE_TOP_SIZE, type LeaderboardChanged, type LeaderboardPeriod } from '@orb-arena/shared';
import type { LeaderboardStore, ScoreSubmission, SubmitOutcome } from './LeaderboardStore.ts';

/** Presence channel of board changes: every process's leaderboard rooms and API caches listen to it. */
export const LEADERBOARD_CHANNEL = 'orb:leaderboard:changed';

/**
 * Announces, through Colyseus presence (so every process hears it once presence is Redis), that a
 * board's top LIVE_TOP_SIZE changed: after a stored submission that improved a player's best, it
 * checks the new rank in each improved period and publishes the periods where it is in the top.
 */
export class LeaderboardFeed {
  constructor(private readonly store: LeaderboardStore) {}

  /** ScoreReporter's onStored hook. Never throws: a failed check is logged and skipped. */
  stored(submission: ScoreSubmission, outcome: SubmitOutcome): void {
    if (outcome.improved.length === 0) return;
    this.topPeriods(submission, outcome.improved)
      .then(async (periods) => {
        if (periods.length === 0) return;
        const message: LeaderboardChanged = { board: submission.mode, periods };
        await matchMaker.presence.publish(LEADERBOARD_CHANNEL, message);
      })
      .catch((error: unknown) => log.warn(`leaderboard: live update skipped: ${(error as Error).message}`));
  }

  private async topPeriods(submission: ScoreSubmission, improved: LeaderboardPeriod[]): Promise<LeaderboardPeriod[]> {
    const rows = await Promise.all(
      improved.map((period) => this.store.rowOf({ mode: submission.mode, period }, submission.playerId)),
    );
    // A row read under the store's clock may be a newer period's: only a rank in the top counts.
    return improved.filter((_, i) => (rows[i]?.rank ?? Infinity) <= LIVE_TOP_SIZE);
  }
}

/** Subscribes `listener` to board changes on the process's presence; returns the unsubscribe. */
export function onLeaderboardChanged(listener: (message: LeaderboardChanged) => void): () => void {
  const presence = matchMaker.presence;
  void presence.subscribe(LEADERBOARD_CHANNEL, listener);
  return () => {
    presence.unsubscribe(LEADERBOARD_CHANNEL, listener);
  };
}
