import { LeaderboardPeriod, ServerMessage, type PersonalBestMessage, type RoundResults } from '@orb-arena/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GameMetrics, metrics } from '../src/metrics.ts';
import { RedisLeaderboardStore } from '../src/persistence/RedisLeaderboardStore.ts';
import { ScoreReporter } from '../src/persistence/ScoreReporter.ts';
import {
  playerIdOf,
  startTestServer,
  steerToNearestOrb,
  waitForMessage,
  waitForOwnPlayer,
  waitForState,
  whileDriving,
  type TestServer,
} from './harness.ts';
import { startRedis, type RedisProcess } from './processes.ts';

const allTime = { mode: 'classic', period: LeaderboardPeriod.AllTime };

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis({ durable: true });
});
afterAll(() => redis?.dispose());

/** A submission for `player` worth `score` (room r, round 1). */
function submission(player: string, score: number) {
  return { key: `r:1:${player}`, mode: 'classic', playerId: player, name: player, score, achievedAt: Date.now() };
}

describe('a store outage', () => {
  let server: TestServer;
  afterAll(() => server?.close());

  test('during a round does not stop the match, and the scores arrive once the store is back', async () => {
    const store = await RedisLeaderboardStore.connect(redis.url, { prefix: 'outage:' });
    server = await startTestServer({ store });
    const room = await server.join({ name: 'patient', matchSeconds: 3 });
    await waitForOwnPlayer(room);
    const retriedBefore = await metrics.storeSubmissionCount('retried');
    await redis.stop();

    const results = waitForMessage<RoundResults>(room, ServerMessage.RoundResults);
    const stored = waitForMessage<PersonalBestMessage>(room, ServerMessage.PersonalBest);
    await whileDriving(room, steerToNearestOrb(room), results);
    const final = (await results).standings[0]!.score;
    // The round ended while the store was down: the submission waits and is retried...
    await expect.poll(() => metrics.storeSubmissionCount('retried')).toBeGreaterThan(retriedBefore);
    expect((await metrics.storeQueue.get()).values[0]?.value).toBeGreaterThan(0);
    // ...and the match goes on: the next round starts.
    await waitForState(
      room,
      (state) => state.round,
      (round) => round === 2,
    );

    await redis.start();
    expect(await stored).toMatchObject({ round: 1, score: final });
    expect(await store.rowOf(allTime, playerIdOf(room))).toMatchObject({ name: 'patient', score: final });
    expect((await metrics.storeQueue.get()).values[0]?.value).toBe(0);
  });
});

describe('the score reporter', () => {
  test('holds at most maxQueue submissions while the store is down, dropping the oldest, and counts them', async () => {
    const store = await RedisLeaderboardStore.connect(redis.url, { prefix: 'bounded:' });
    const counts = new GameMetrics();
    const reporter = new ScoreReporter(store, { maxQueue: 3, metrics: counts });
    try {
      await redis.stop();
      const players = ['a', 'b', 'c', 'd', 'e'];
      const outcomes = players.map((player, i) => reporter.report(submission(player, 10 + i)));
      expect(await counts.storeSubmissionCount('dropped')).toBe(2);
      expect(reporter.pending).toBe(3);

      await redis.start();
      expect(await reporter.flush(10_000)).toBe(0);
      const settled = await Promise.all(outcomes);
      expect(settled.filter((outcome) => outcome === null)).toHaveLength(2);
      const kept = players.filter((_, i) => settled[i] !== null);
      const board = await store.top(allTime, { limit: 10, offset: 0 });
      expect(board.rows.map((row) => row.playerId).sort()).toEqual(kept);
      expect(await counts.storeSubmissionCount('stored')).toBe(3);
      expect(await counts.storeSubmissionCount('failed')).toBe(0);
    } finally {
      reporter.close();
      await store.close();
    }
  });

  test('keeps one submission per key while waiting, the higher score', async () => {
    const store = await RedisLeaderboardStore.connect(redis.url, { prefix: 'dedupe:' });
    const counts = new GameMetrics();
    const reporter = new ScoreReporter(store, { metrics: counts });
    try {
      await redis.stop();
      const first = reporter.report(submission('p', 12));
      const second = reporter.report(submission('p', 30));
      const third = reporter.report(submission('p', 20));
      await redis.start();
      expect(await reporter.flush(10_000)).toBe(0);
      const outcomes = await Promise.all([first, second, third]);
      expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome))).size).toBe(1);
      expect((await store.rowOf(allTime, 'p'))?.score).toBe(30);
      expect(await counts.storeSubmissionCount('stored')).toBe(1);
    } finally {
      reporter.close();
      await store.close();
    }
  });

  test('does not submit a score of zero', async () => {
    const store = await RedisLeaderboardStore.connect(redis.url, { prefix: 'zero:' });
    const reporter = new ScoreReporter(store, { metrics: new GameMetrics() });
    try {
      expect(await reporter.report(submission('nobody', 0))).toBeNull();
      expect(await store.top(allTime, { limit: 10, offset: 0 })).toEqual({ total: 0, rows: [] });
    } finally {
      await store.close();
    }
  });
});
