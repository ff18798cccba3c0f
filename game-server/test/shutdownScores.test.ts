import { ARENA_ROOM, LeaderboardPeriod } from '@orb-arena/shared';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createGameClient, guestIdOf } from '../../game-client/src/net/gameClient.ts';
import { SQLITE_FILE } from '../src/persistence/createLeaderboardStore.ts';
import type { LeaderboardStore } from '../src/persistence/LeaderboardStore.ts';
import { RedisLeaderboardStore } from '../src/persistence/RedisLeaderboardStore.ts';
import { SqliteLeaderboardStore } from '../src/persistence/SqliteLeaderboardStore.ts';
import {
  dropSocket,
  ownPlayer,
  steerToNearestOrb,
  waitForOwnPlayer,
  waitForState,
  whileDriving,
  type PlayerRoom,
} from './harness.ts';
import { startRedis, type RedisProcess } from './processes.ts';
// The production-like server process helper the benchmarks use.
import { startServerProcess, type ServerProcess } from '../../loadtest/src/serverProcess.ts';

/*
 * Colyseus's graceful shutdown does not wait for the onLeave that follows a drop, and a store can be
 * unavailable when SIGTERM arrives (the server must wait for it, up to SHUTDOWN_FLUSH_MS). This runs the real server process, as in production, and sends SIGTERM
 * mid-round with one player dropped (its seat held for reconnection) and two still playing.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'orb-sigterm-'));
let server: ServerProcess | undefined;
let redis: RedisProcess | undefined;
afterAll(async () => {
  await server?.stop();
  await redis?.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Joins as a new guest and plays until the own score reaches `points`; returns the score and id. */
async function playUntil(endpoint: string, name: string, points: number) {
  const client = await createGameClient(endpoint, { identity: 'fresh' });
  const room = (await client.joinOrCreate(ARENA_ROOM, { name })) as unknown as PlayerRoom;
  await waitForOwnPlayer(room);
  const score = await whileDriving(
    room,
    steerToNearestOrb(room),
    waitForState(
      room,
      () => ownPlayer(room)?.score ?? 0,
      (value) => value >= points,
    ),
  );
  return { room, score, playerId: guestIdOf(client)! };
}

/** Resolves when the server process prints a line containing `text`. */
function waitForOutput(child: ServerProcess['child'], text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
  });
}

interface Backend {
  env: NodeJS.ProcessEnv;
  open: () => Promise<LeaderboardStore>;
  /** Runs around the SIGTERM: before it is sent, and once the server waits for pending scores. */
  outage?: { before: () => Promise<void>; whileFlushing: () => Promise<void> };
}

const backends: [string, () => Promise<Backend>][] = [
  // Another process holds a write lock on the SQLite file (a backup, an operator's query): writes fail
  // until it lets go, while the server is already shutting down.
  [
    'sqlite, locked when SIGTERM arrives',
    () => {
      const file = join(dataDir, SQLITE_FILE);
      let lock: Database.Database | undefined;
      return Promise.resolve({
        env: {},
        open: () => Promise.resolve(new SqliteLeaderboardStore(file)),
        outage: {
          before: () => {
            lock = new Database(file);
            lock.exec('BEGIN EXCLUSIVE');
            return Promise.resolve();
          },
          whileFlushing: () => {
            lock?.exec('COMMIT');
            lock?.close();
            return Promise.resolve();
          },
        },
      });
    },
  ],
  // Redis (the leaderboards, presence and matchmaking) answers: the writes in flight land before the exit.
  [
    'redis',
    async () => {
      const running = (redis = await startRedis({ durable: true }));
      return { env: { REDIS_URL: running.url }, open: () => RedisLeaderboardStore.connect(running.url) };
    },
  ],
];

test.each(backends)("SIGTERM mid-round keeps every score, a dropped player's included (%s)", async (_name, backend) => {
  const { env, open, outage } = await backend();
  server = await startServerProcess({
    env: { DATA_DIR: dataDir, RECONNECT_SECONDS: '120', DRAIN_SECONDS: '0', ...env },
  });
  const players = [];
  for (const name of ['dropped', 'steady', 'late']) players.push(await playUntil(server.endpoint, name, 2));
  dropSocket(players[0]!.room);
  await outage?.before();

  const flushing = waitForOutput(server.child, 'leaderboard: waiting up to');
  const exited = new Promise<number | null>((resolve) => server!.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  if (outage) {
    await flushing;
    await outage.whileFlushing();
  }
  expect(await exited).toBe(0);

  const store = await open();
  try {
    for (const player of players) {
      const row = await store.rowOf({ mode: 'classic', period: LeaderboardPeriod.Daily }, player.playerId);
      expect(row?.score, `score of ${player.room.sessionId}`).toBeGreaterThanOrEqual(player.score);
    }
  } finally {
    await store.close();
  }
});
