import {
  LEADERBOARD_PERIODS,
  MAX_BOARD_SCORE,
  periodKey,
  type LeaderboardPeriod,
  type LeaderboardRow,
} from '@orb-arena/shared';

/**
 * One player's score from one round of one room. `key` ("room:round:player") makes it idempotent: a
 * submission whose key was already stored with the same or a higher score changes nothing.
 */
export interface ScoreSubmission {
  key: string;
  /** The board, i.e. the game mode ("classic"). */
  mode: string;
  playerId: string;
  name: string;
  score: number;
  /** When the score was made (ms): picks the daily and weekly boards, and breaks ties (earlier first). */
  achievedAt: number;
}

/** What a submission did: nothing (a duplicate), or the periods where it is a new personal best. */
export interface SubmitOutcome {
  duplicate: boolean;
  improved: LeaderboardPeriod[];
}

/** A board instance: a mode and a period; the instance is the one the store's clock is in. */
export interface BoardRef {
  mode: string;
  period: LeaderboardPeriod;
}

/** A page of a board, best first, with the number of players on it. */
export interface BoardPage {
  total: number;
  rows: LeaderboardRow[];
}

/**
 * Persistent leaderboards: per mode and period (all-time, daily, weekly, with UTC resets), the best
 * score of each player, ranked by score (higher first), then by when it was made (earlier first, to
 * the second), then by player id. Implementations: SqliteLeaderboardStore (one file, the default) and
 * RedisLeaderboardStore (sorted sets, what several processes share). Both pass one test suite.
 * Reads use the store's injected clock to pick the current daily and weekly instance.
 */
export interface LeaderboardStore {
  /** Records a score on its mode's three boards (a duplicate key changes nothing). Throws if the store is down. */
  submit(submission: ScoreSubmission): Promise<SubmitOutcome>;
  /** Rows `offset + 1` to `offset + limit` of the board, and its size. */
  top(board: BoardRef, page: { limit: number; offset: number }): Promise<BoardPage>;
  /** The player's own row, or null when it has no score on the board. */
  rowOf(board: BoardRef, playerId: string): Promise<LeaderboardRow | null>;
  /** Throws unless the store answers (readiness checks, the reporter's retry probe). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Seconds since this epoch (2024-01-01 UTC) time a score; 31 bits last until 2092. */
export const RANK_EPOCH_MS = Date.UTC(2024, 0, 1);

/** A score as both stores keep it: clamped to [0, MAX_BOARD_SCORE], time truncated to the second. */
export function normalizeScore(submission: ScoreSubmission): { score: number; second: number } {
  const score = Math.min(MAX_BOARD_SCORE, Math.max(0, Math.floor(submission.score)));
  const second = Math.max(0, Math.floor((submission.achievedAt - RANK_EPOCH_MS) / 1000));
  return { score, second };
}

/** Back from seconds since RANK_EPOCH_MS to Unix ms. */
export function secondToMs(second: number): number {
  return RANK_EPOCH_MS + second * 1000;
}

/** The period instances a submission lands in, e.g. [["all","all"], ["daily","d2026-11-30"], ...]. */
export function boardInstances(achievedAt: number): [LeaderboardPeriod, string][] {
  return LEADERBOARD_PERIODS.map((period) => [period, periodKey(period, achievedAt)]);
}

/** Where an "around me" page starts so the player sits in its middle. */
export function aroundOffset(rank: number, radius: number): number {
  return Math.max(0, rank - 1 - radius);
}

/** The store failed (down, timed out, refused): the reporter keeps the submission and retries. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}
