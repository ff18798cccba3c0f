import { Redis } from 'ioredis';
import { MAX_BOARD_SCORE, periodEnd, periodKey, type LeaderboardRow } from '@orb-arena/shared';
import {
  StoreUnavailableError,
  boardInstances,
  normalizeScore,
  secondToMs,
  type BoardPage,
  type BoardRef,
  type LeaderboardStore,
  type ScoreSubmission,
  type SubmitOutcome,
} from './LeaderboardStore.ts';

/** How long a submission key is remembered, s (longer than any retry). */
const SUBMISSION_TTL_S = 8 * 86_400;
/** A finished daily or weekly board stays readable this long after its reset, s, then expires. */
const BOARD_GRACE_S = 86_400;
/** 2^31: the rank key is (MAX_BOARD_SCORE - score) * 2^31 + second, an exact double below 2^53. */
const SECOND_SPAN = 2 ** 31;

/**
 * KEYS: submission key, names hash, then one board per period. ARGV: score, rank key, player id,
 * name, submission TTL, then each board's expiry (Unix s, 0 for none). Returns [duplicate, changed...].
 * `ZADD LT` keeps the lower rank key, i.e. the higher score (an equal one keeps its earlier time).
 */
const SUBMIT_LUA = `
local previous = redis.call('GET', KEYS[1])
if previous and tonumber(previous) >= tonumber(ARGV[1]) then return {1} end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[5])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
local result = {0}
for i = 3, #KEYS do
  result[#result + 1] = redis.call('ZADD', KEYS[i], 'LT', 'CH', ARGV[2], ARGV[3])
  local expiry = tonumber(ARGV[3 + i])
  if expiry > 0 then redis.call('EXPIREAT', KEYS[i], expiry) end
end
return result
`;

type SubmitCommand = (...args: (string | number)[]) => Promise<number[]>;

/**
 * Leaderboards in Redis, shared by every process that points at the same server: one sorted set per
 * mode and period instance (`orb:lb:classic:d2026-11-30`), member the player id, score a rank key that
 * orders higher score, then earlier second, first (ties then go by member, i.e. player id). Daily and
 * weekly sets expire by themselves a day after their reset. Names live in one hash. A submission is one
 * Lua script, so it is atomic. Commands fail fast while Redis is unreachable (no offline queue).
 */
export class RedisLeaderboardStore implements LeaderboardStore {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number,
  ) {}

  /** Connects to `url` and resolves once Redis answers. `now` is the clock reads use. @default now Date.now */
  static async connect(
    url: string,
    options: { now?: () => number; prefix?: string } = {},
  ): Promise<RedisLeaderboardStore> {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      lazyConnect: true,
      // Keep trying to reconnect for as long as the process lives, at most every 2 s.
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    });
    redis.on('error', () => undefined); // failures reach callers as rejected commands; ioredis reconnects
    redis.defineCommand('orbSubmit', { lua: SUBMIT_LUA });
    try {
      await redis.connect();
    } catch (error) {
      redis.disconnect();
      throw new StoreUnavailableError(`redis leaderboard: cannot connect to ${url}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return new RedisLeaderboardStore(redis, options.prefix ?? 'orb:lb:', options.now ?? Date.now);
  }

  submit(submission: ScoreSubmission): Promise<SubmitOutcome> {
    return this.run(async () => {
      const { score, second } = normalizeScore(submission);
      const boards = boardInstances(submission.achievedAt);
      const keys = [`${this.prefix}sub:${submission.key}`, `${this.prefix}names`];
      const expiries: number[] = [];
      for (const [period, key] of boards) {
        keys.push(this.boardKey(submission.mode, key));
        const end = periodEnd(period, submission.achievedAt);
        expiries.push(Number.isFinite(end) ? Math.ceil(end / 1000) + BOARD_GRACE_S : 0);
      }
      const args = [score, rankKey(score, second), submission.playerId, submission.name, SUBMISSION_TTL_S];
      const submit = (this.redis as unknown as { orbSubmit: SubmitCommand }).orbSubmit.bind(this.redis);
      const [duplicate, ...changed] = await submit(keys.length, ...keys, ...args, ...expiries);
      if (duplicate === 1) return { duplicate: true, improved: [] };
      return { duplicate: false, improved: boards.filter((_, i) => changed[i] === 1).map(([period]) => period) };
    });
  }

  top(board: BoardRef, page: { limit: number; offset: number }): Promise<BoardPage> {
    return this.run(async () => {
      const key = this.currentKey(board);
      const [flat, total] = await Promise.all([
        this.redis.zrange(key, page.offset, page.offset + page.limit - 1, 'WITHSCORES'),
        this.redis.zcard(key),
      ]);
      const ids = flat.filter((_, i) => i % 2 === 0);
      const names = ids.length > 0 ? await this.redis.hmget(`${this.prefix}names`, ...ids) : [];
      const rows = ids.map((id, i) =>
        toRow({ id, name: names[i], key: Number(flat[2 * i + 1]), rank: page.offset + i + 1 }),
      );
      return { total, rows };
    });
  }

  rowOf(board: BoardRef, playerId: string): Promise<LeaderboardRow | null> {
    return this.run(async () => {
      const key = this.currentKey(board);
      const [rank, score, name] = await Promise.all([
        this.redis.zrank(key, playerId),
        this.redis.zscore(key, playerId),
        this.redis.hget(`${this.prefix}names`, playerId),
      ]);
      if (rank === null || score === null) return null;
      return toRow({ id: playerId, name, key: Number(score), rank: rank + 1 });
    });
  }

  ping(): Promise<void> {
    return this.run(async () => {
      await this.redis.ping();
    });
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private currentKey(board: BoardRef): string {
    return this.boardKey(board.mode, periodKey(board.period, this.now()));
  }

  private boardKey(mode: string, instance: string): string {
    return `${this.prefix}${mode}:${instance}`;
  }

  /** Runs commands; any failure becomes StoreUnavailableError with the cause. */
  private async run<T>(commands: () => Promise<T>): Promise<T> {
    try {
      return await commands();
    } catch (error) {
      throw new StoreUnavailableError(`redis leaderboard: ${(error as Error).message}`, { cause: error });
    }
  }
}

/** Lower is better: higher score first, then the earlier second. */
function rankKey(score: number, second: number): number {
  return (MAX_BOARD_SCORE - score) * SECOND_SPAN + second;
}

function toRow(entry: { id: string; name: string | null | undefined; key: number; rank: number }): LeaderboardRow {
  const score = MAX_BOARD_SCORE - Math.floor(entry.key / SECOND_SPAN);
  const second = entry.key % SECOND_SPAN;
  return { rank: entry.rank, playerId: entry.id, name: entry.name ?? '', score, achievedAt: secondToMs(second) };
}
