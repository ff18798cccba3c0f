import { z } from 'zod';

/** The leaderboard periods; daily and weekly reset at 00:00 UTC (weeks start on Monday, as ISO weeks do). */
export const LeaderboardPeriod = {
  AllTime: 'all',
  Daily: 'daily',
  Weekly: 'weekly',
} as const;
export type LeaderboardPeriod = (typeof LeaderboardPeriod)[keyof typeof LeaderboardPeriod];
export const LEADERBOARD_PERIODS: readonly LeaderboardPeriod[] = Object.values(LeaderboardPeriod);

/** The game mode a board ranks ("classic" today); lower-case letters, digits and dashes. */
export const BoardMode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,23}$/, 'board must be 1-24 lower-case letters, digits or dashes, starting with a letter');

/** Highest score a board keeps (a larger one is clamped): 22 bits, so rank keys stay exact doubles. */
export const MAX_BOARD_SCORE = 2 ** 22 - 1;
/** Most entries one page of a board returns. */
export const MAX_PAGE_SIZE = 100;
/** Neighbours shown on each side of the player in an "around me" page. */
export const AROUND_RADIUS = 5;

const DAY_MS = 86_400_000;

/**
 * The period instance a moment falls in: "all", "d2026-11-30" (UTC day) or "w2026-11-30" (the UTC
 * Monday its week starts on). Pure: `ms` is a Unix time in milliseconds.
 */
export function periodKey(period: LeaderboardPeriod, ms: number): string {
  switch (period) {
    case LeaderboardPeriod.AllTime:
      return 'all';
    case LeaderboardPeriod.Daily:
      return `d${isoDate(periodStart(period, ms))}`;
    case LeaderboardPeriod.Weekly:
      return `w${isoDate(periodStart(period, ms))}`;
  }
}

/** Start of the period instance `ms` falls in, ms (0 for all-time). */
export function periodStart(period: LeaderboardPeriod, ms: number): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  switch (period) {
    case LeaderboardPeriod.AllTime:
      return 0;
    case LeaderboardPeriod.Daily:
      return day;
    case LeaderboardPeriod.Weekly:
      // 1970-01-01 was a Thursday: (days + 3) % 7 is the days since Monday.
      return day - ((day / DAY_MS + 3) % 7) * DAY_MS;
  }
}

/** When the period instance `ms` falls in ends (the next reset), ms; Infinity for all-time. */
export function periodEnd(period: LeaderboardPeriod, ms: number): number {
  switch (period) {
    case LeaderboardPeriod.AllTime:
      return Infinity;
    case LeaderboardPeriod.Daily:
      return periodStart(period, ms) + DAY_MS;
    case LeaderboardPeriod.Weekly:
      return periodStart(period, ms) + 7 * DAY_MS;
  }
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Query-string number: absent → default, else a whole number in [min, max]. */
function queryInt(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);
}

/** GET /api/leaderboard query: which board and period, and a page or the player's neighbourhood. */
export const LeaderboardQuery = z.strictObject({
  board: BoardMode.default('classic'),
  period: z.enum(LEADERBOARD_PERIODS as [LeaderboardPeriod, ...LeaderboardPeriod[]]).default(LeaderboardPeriod.Daily),
  limit: queryInt(1, MAX_PAGE_SIZE, 10),
  offset: queryInt(0, 1_000_000, 0),
  /** "me": the page around the player named by the bearer token (which is then required). */
  around: z.literal('me').optional(),
});
export type LeaderboardQuery = z.infer<typeof LeaderboardQuery>;

/** One ranked row. `achievedAt` is when the score was made (ms, whole seconds): the earlier ranks first on a tie. */
export interface LeaderboardRow {
  rank: number;
  playerId: string;
  name: string;
  score: number;
  achievedAt: number;
}

/** What GET /api/leaderboard answers. `me` is the caller's own row when a token came with the query. */
export interface LeaderboardPageResponse {
  board: string;
  period: LeaderboardPeriod;
  /** The period instance shown ("d2026-11-30"), and when it resets (ms; null for all-time). */
  periodKey: string;
  resetsAt: number | null;
  total: number;
  rows: LeaderboardRow[];
  me: LeaderboardRow | null;
}

/** Error body of the API: `code` from ErrorCode, `error` says what was expected and what arrived. */
export interface ApiErrorResponse {
  code: number;
  error: string;
}

/** The room a leaderboard screen joins to hear, live, when a board's top changes (any process). */
export const LEADERBOARD_ROOM = 'leaderboard';
/** Messages of the leaderboard room (server → client). */
export const LeaderboardRoomMessage = {
  /** A board's top changed: payload LeaderboardChanged. */
  Changed: 'changed',
} as const;
/** Rows at the top of a board whose change is announced live. */
export const LIVE_TOP_SIZE = 10;

/** A board's top LIVE_TOP_SIZE changed in these periods (clients refetch the page they show). */
export interface LeaderboardChanged {
  board: string;
  periods: LeaderboardPeriod[];
}

/**
 * Sent to a player once its score of a finished round is stored: `newBest` lists the periods whose
 * personal best it beat (empty: not a new best). Its best today is in its own Player (bestToday).
 */
export interface PersonalBestMessage {
  board: string;
  round: number;
  score: number;
  newBest: LeaderboardPeriod[];
}
