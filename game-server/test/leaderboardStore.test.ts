import { LeaderboardPeriod, MAX_BOARD_SCORE, periodEnd } from '@orb-arena/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  StoreUnavailableError,
  aroundOffset,
  type BoardRef,
  type LeaderboardStore,
  type ScoreSubmission,
} from '../src/persistence/LeaderboardStore.ts';
import { RedisLeaderboardStore } from '../src/persistence/RedisLeaderboardStore.ts';
import { SqliteLeaderboardStore } from '../src/persistence/SqliteLeaderboardStore.ts';
import { startRedis, type RedisProcess } from './processes.ts';

/** Monday 2026-11-30 12:00 UTC: the start of a week, so weekly and daily boards differ after a day. */
const MONDAY_NOON = Date.UTC(2026, 10, 30, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How a test reaches one implementation: open a store on a clock, restart the backing store, go down. */
interface Backend {
  open(now: () => number): Promise<LeaderboardStore>;
  /** Stops the backing store and starts it again (closing `store` first where the store is the file). */
  restart(store: LeaderboardStore): Promise<LeaderboardStore | void>;
  /** Takes the backing store down; returns a function that brings it back. */
  outage(store: LeaderboardStore): Promise<() => Promise<LeaderboardStore | void>>;
}

let redis: RedisProcess;
let dir: string;
let testNumber = 0;
beforeAll(async () => {
  redis = await startRedis({ durable: true });
  dir = mkdtempSync(join(tmpdir(), 'orb-store-'));
});
afterAll(async () => {
  await redis?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

let sqlitePath = '';
let sqliteClock: () => number = Date.now;
const sqlite: Backend = {
  open: (now) => {
    sqlitePath = join(dir, `test-${++testNumber}.sqlite`);
    sqliteClock = now;
    return Promise.resolve(new SqliteLeaderboardStore(sqlitePath, { now }));
  },
  // The file is the store: closing it is the outage, opening it again the restart.
  restart: async (store) => {
    await store.close();
    return new SqliteLeaderboardStore(sqlitePath, { now: sqliteClock });
  },
  outage: async (store) => {
    await store.close();
    return () => Promise.resolve(new SqliteLeaderboardStore(sqlitePath, { now: sqliteClock }));
  },
};

const redisBackend: Backend = {
  // A fresh key prefix per test keeps tests apart on the one server.
  open: (now) => RedisLeaderboardStore.connect(redis.url, { now, prefix: `t${++testNumber}:` }),
  restart: async () => {
    await redis.stop();
    await redis.start();
  },
  outage: async () => {
    await redis.stop();
    return () => redis.start();
  },
};

/** A submission from `player` of `points` (made at MONDAY_NOON, key room r1, round 1) with overrides. */
function score(player: string, points: number, overrides: Partial<ScoreSubmission> = {}): ScoreSubmission {
  const base = { key: `r1:1:${player}`, mode: 'classic', playerId: player, name: `name-${player}` };
  return { ...base, score: points, achievedAt: MONDAY_NOON, ...overrides };
}

const daily: BoardRef = { mode: 'classic', period: LeaderboardPeriod.Daily };
const weekly: BoardRef = { mode: 'classic', period: LeaderboardPeriod.Weekly };
const allTime: BoardRef = { mode: 'classic', period: LeaderboardPeriod.AllTime };

/** "player:score" per row, best first. */
async function board(store: LeaderboardStore, ref = daily, limit = 100): Promise<string[]> {
  return (await store.top(ref, { limit, offset: 0 })).rows.map((row) => `${row.playerId}:${row.score}`);
}

/** Whether the store answers a ping now (a Redis store reconnects by itself once the server is back). */
function answers(store: LeaderboardStore): Promise<boolean> {
  return store.ping().then(
    () => true,
    () => false,
  );
}

describe.each([
  ['sqlite', sqlite],
  ['redis', redisBackend],
])('%s leaderboard store', (_name, backend) => {
  let clock = MONDAY_NOON;
  let store: LeaderboardStore;
  const open = async () => {
    clock = MONDAY_NOON;
    store = await backend.open(() => clock);
    return store;
  };
  afterEach(() => store?.close());

  test('ranks by score; a tie goes to the earlier score, then to the lower player id', async () => {
    await open();
    await store.submit(score('p-late', 50, { achievedAt: MONDAY_NOON + 5000 }));
    await store.submit(score('p-early', 50, { achievedAt: MONDAY_NOON + 1000 }));
    await store.submit(score('p-top', 90));
    await store.submit(score('p-b', 50, { achievedAt: MONDAY_NOON + 5000 }));
    await store.submit(score('p-low', 10));

    const page = await store.top(daily, { limit: 10, offset: 0 });
    expect(page.total).toBe(5);
    expect(page.rows.map((row) => [row.rank, row.playerId, row.score])).toEqual([
      [1, 'p-top', 90],
      [2, 'p-early', 50],
      [3, 'p-b', 50],
      [4, 'p-late', 50],
      [5, 'p-low', 10],
    ]);
    expect(page.rows[1]).toMatchObject({ name: 'name-p-early', achievedAt: MONDAY_NOON + 1000 });
  });

  test("keeps each player's best per period and says which periods improved", async () => {
    await open();
    expect(await store.submit(score('p1', 40, { achievedAt: MONDAY_NOON, key: 'r1:1:p1' }))).toEqual({
      duplicate: false,
      improved: ['all', 'daily', 'weekly'],
    });
    expect(await store.submit(score('p1', 30, { achievedAt: MONDAY_NOON + HOUR, key: 'r1:2:p1' }))).toEqual({
      duplicate: false,
      improved: [],
    });
    // Equal is not better: the earlier time stays.
    expect(await store.submit(score('p1', 40, { achievedAt: MONDAY_NOON + HOUR, key: 'r1:3:p1' }))).toEqual({
      duplicate: false,
      improved: [],
    });
    expect((await store.rowOf(daily, 'p1'))?.achievedAt).toBe(MONDAY_NOON);

    // Next day: a lower score is still today's best, but not this week's or all time's.
    clock = MONDAY_NOON + DAY;
    expect(await store.submit(score('p1', 35, { achievedAt: clock, key: 'r1:4:p1' }))).toEqual({
      duplicate: false,
      improved: ['daily'],
    });
    expect(await board(store, daily)).toEqual(['p1:35']);
    expect(await board(store, weekly)).toEqual(['p1:40']);
    expect(await board(store, allTime)).toEqual(['p1:40']);
  });

  test('daily boards reset at 00:00 UTC and weekly ones on Monday, by the injected clock', async () => {
    await open();
    const sunday = MONDAY_NOON + 6 * DAY; // Sunday 12:00, same week
    const lastSecond = periodEnd(LeaderboardPeriod.Daily, sunday) - 1000;
    clock = lastSecond;
    await store.submit(score('p1', 20, { achievedAt: lastSecond }));
    expect(await board(store, daily)).toEqual(['p1:20']);
    expect(await board(store, weekly)).toEqual(['p1:20']);

    clock = lastSecond + 1000; // Monday 00:00:00: a new day and a new week
    expect(await store.top(daily, { limit: 10, offset: 0 })).toEqual({ total: 0, rows: [] });
    expect(await board(store, weekly)).toEqual([]);
    expect(await board(store, allTime)).toEqual(['p1:20']);
    expect(await store.rowOf(daily, 'p1')).toBeNull();

    // A late submission of a score made before midnight still lands on the day it was made.
    await store.submit(score('p2', 99, { achievedAt: lastSecond }));
    expect(await board(store, daily)).toEqual([]);
    clock = lastSecond;
    expect(await board(store, daily)).toEqual(['p2:99', 'p1:20']);
  });

  test('a resubmitted key changes nothing; the same key with a higher score updates the best', async () => {
    await open();
    await store.submit(score('p1', 25, { achievedAt: MONDAY_NOON, key: 'room-a:3:p1' }));
    expect(await store.submit(score('p1', 25, { achievedAt: MONDAY_NOON + 9000, key: 'room-a:3:p1' }))).toEqual({
      duplicate: true,
      improved: [],
    });
    expect(await store.submit(score('p1', 20, { achievedAt: MONDAY_NOON, key: 'room-a:3:p1' }))).toEqual({
      duplicate: true,
      improved: [],
    });
    expect(await store.rowOf(daily, 'p1')).toMatchObject({ score: 25, achievedAt: MONDAY_NOON });
    // Two tabs of one player in one room and round: the better one counts.
    expect((await store.submit(score('p1', 31, { achievedAt: MONDAY_NOON, key: 'room-a:3:p1' }))).improved).toContain(
      'daily',
    );
    expect(await board(store)).toEqual(['p1:31']);
  });

  test('pages through the board and finds a player with its neighbours', async () => {
    await open();
    for (let i = 1; i <= 30; i++) await store.submit(score(`p${String(i).padStart(2, '0')}`, i * 10));
    const second = await store.top(daily, { limit: 10, offset: 10 });
    expect(second.total).toBe(30);
    expect(second.rows.map((row) => row.rank)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect(second.rows[0]).toMatchObject({ playerId: 'p20', score: 200 });

    const own = await store.rowOf(daily, 'p05');
    expect(own).toMatchObject({ rank: 26, score: 50, name: 'name-p05' });
    const around = await store.top(daily, { limit: 11, offset: aroundOffset(own!.rank, 5) });
    expect(around.rows.map((row) => row.rank)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(around.rows.find((row) => row.playerId === 'p05')?.rank).toBe(26);
    expect(await store.top(daily, { limit: 10, offset: 40 })).toEqual({ total: 30, rows: [] });
  });

  test('clamps scores to the board range', async () => {
    await open();
    await store.submit(score('huge', MAX_BOARD_SCORE + 1000));
    await store.submit(score('negative', -5));
    expect(await board(store)).toEqual([`huge:${MAX_BOARD_SCORE}`, 'negative:0']);
  });

  test('takes 1,000 concurrent submissions without losing or doubling one', async () => {
    await open();
    const submissions = Array.from({ length: 1000 }, (_, i) =>
      score(`p${i}`, (i * 7919) % 1000, { achievedAt: MONDAY_NOON + (i % 60) * 1000 }),
    );
    // Every tenth one is sent twice at the same time: exactly one of each pair counts.
    const outcomes = await Promise.all(
      [...submissions, ...submissions.filter((_, i) => i % 10 === 0)].map((s) => store.submit(s)),
    );
    expect(outcomes.filter((outcome) => outcome.duplicate)).toHaveLength(100);

    const page = await store.top(allTime, { limit: 100, offset: 0 });
    expect(page.total).toBe(1000);
    expect(page.rows.map((row) => row.rank)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const expected = [...submissions]
      .sort((a, b) => b.score - a.score || a.achievedAt - b.achievedAt || (a.playerId < b.playerId ? -1 : 1))
      .slice(0, 100)
      .map((s) => `${s.playerId}:${s.score}`);
    expect(page.rows.map((row) => `${row.playerId}:${row.score}`)).toEqual(expected);
  });

  test('keeps every board across a restart of the store', async () => {
    await open();
    await store.submit(score('p1', 70));
    await store.submit(score('p2', 60));
    store = (await backend.restart(store)) ?? store;
    // Redis: the same store reconnects by itself once the server is back.
    await expect.poll(() => answers(store)).toBe(true);
    expect(await board(store, daily)).toEqual(['p1:70', 'p2:60']);
    expect(await board(store, allTime)).toEqual(['p1:70', 'p2:60']);
    expect(await store.submit(score('p1', 70))).toEqual({ duplicate: true, improved: [] });
  });

  test('fails with StoreUnavailableError while the backing store is down, and works once it is back', async () => {
    await open();
    const bringBack = await backend.outage(store);
    await expect(store.submit(score('p1', 10))).rejects.toThrow(StoreUnavailableError);
    await expect(store.top(daily, { limit: 10, offset: 0 })).rejects.toThrow(StoreUnavailableError);
    await expect(store.ping()).rejects.toThrow(StoreUnavailableError);
    store = (await bringBack()) ?? store;
    await expect.poll(() => answers(store)).toBe(true);
    await store.submit(score('p1', 10));
    expect(await board(store, allTime)).toEqual(['p1:10']);
  });
});
