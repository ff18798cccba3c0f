import { ServerError } from '@colyseus/core';
import { log } from '../logger.ts';
import {
  AROUND_RADIUS,
  ErrorCode,
  LeaderboardQuery,
  describeIssues,
  periodEnd,
  periodKey,
  type ApiErrorResponse,
  type LeaderboardPageResponse,
  type LeaderboardPeriod,
} from '@orb-arena/shared';
import express, { type Request, type Response } from 'express';
import { verifyGuestToken } from '../identity/guestIdentity.ts';
import { onLeaderboardChanged } from '../persistence/LeaderboardFeed.ts';
import { aroundOffset, type BoardPage, type LeaderboardStore } from '../persistence/LeaderboardStore.ts';

/** How long a page of a board is served from memory, ms (a change to the board's top clears it sooner). */
export const PAGE_CACHE_MS = 2_000;
/** Most pages kept in memory; past it the cache starts over. */
const PAGE_CACHE_ENTRIES = 1_000;

/**
 * GET /api/leaderboard?board=classic&period=daily&limit=10&offset=0[&around=me]: a page of a board,
 * validated with the shared LeaderboardQuery (400 with ErrorCode.InvalidQuery when it fails). With a
 * guest token (Authorization: Bearer), `me` is the caller's own row; `around=me` centres the page on
 * it (401 without a valid token). Pages are cached for PAGE_CACHE_MS and dropped as soon as the
 * board's top changes (presence channel, so other processes' changes count too); 503 when the store is down.
 */
export class LeaderboardApi {
  readonly router = express.Router();
  private readonly cache = new Map<string, { expires: number; page: Promise<BoardPage> }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: LeaderboardStore,
    private readonly now: () => number = Date.now,
  ) {
    this.router.get('/', (req, res) => void this.answer(req, res));
    this.unsubscribe = onLeaderboardChanged((change) => this.forget(change.board));
  }

  close(): void {
    this.unsubscribe();
    this.cache.clear();
  }

  private async answer(req: Request, res: Response): Promise<void> {
    const query = LeaderboardQuery.safeParse(req.query);
    if (!query.success) {
      return fail(res, 400, {
        code: ErrorCode.InvalidQuery,
        error: `invalid leaderboard query: ${describeIssues(query.error.issues)}`,
      });
    }
    const { board, period, limit, around } = query.data;
    let playerId: string | undefined;
    const token = bearerToken(req.get('authorization'));
    if (token !== undefined || around) {
      try {
        playerId = (await verifyGuestToken(token)).playerId;
      } catch (error) {
        const message = error instanceof ServerError ? error.message : String(error);
        return fail(res, 401, { code: ErrorCode.InvalidToken, error: around ? `around=me: ${message}` : message });
      }
    }
    try {
      const me = playerId === undefined ? null : await this.store.rowOf({ mode: board, period }, playerId);
      const offset = around && me ? aroundOffset(me.rank, AROUND_RADIUS) : query.data.offset;
      const page = await this.page({ board, period, limit: around ? 2 * AROUND_RADIUS + 1 : limit, offset });
      const now = this.now();
      const end = periodEnd(period, now);
      const body: LeaderboardPageResponse = {
        board,
        period,
        periodKey: periodKey(period, now),
        resetsAt: Number.isFinite(end) ? end : null,
        total: page.total,
        rows: page.rows,
        me,
      };
      res.set(
        'Cache-Control',
        playerId === undefined ? `public, max-age=${PAGE_CACHE_MS / 1000}` : 'private, no-store',
      );
      res.json(body);
    } catch (error) {
      log.warn(`leaderboard API: ${(error as Error).message}`);
      fail(res, 503, { code: ErrorCode.Internal, error: 'the leaderboard store is unavailable; try again shortly' });
    }
  }

  /** A page from the cache, or from the store (a failed read is not cached). */
  private page(ref: { board: string; period: LeaderboardPeriod; limit: number; offset: number }): Promise<BoardPage> {
    const key = `${ref.board}|${ref.period}|${ref.limit}|${ref.offset}`;
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return cached.page;
    if (this.cache.size >= PAGE_CACHE_ENTRIES) this.cache.clear();
    const page = this.store.top({ mode: ref.board, period: ref.period }, ref);
    this.cache.set(key, { expires: now + PAGE_CACHE_MS, page });
    page.catch(() => this.cache.delete(key));
    return page;
  }

  private forget(board: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${board}|`)) this.cache.delete(key);
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function fail(res: Response, status: number, body: ApiErrorResponse): void {
  res.status(status).set('Cache-Control', 'no-store').json(body);
}
