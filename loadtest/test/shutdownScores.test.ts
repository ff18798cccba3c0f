import { ARENA_ROOM, LeaderboardPeriod } from '@orb-arena/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { createGameClient, guestIdOf } from '../../game-client/src/net/gameClient.ts';
import { SQLITE_FILE } from '../../game-server/src/persistence/createLeaderboardStore.ts';
import type { LeaderboardStore } from '../../game-server/src/persistence/LeaderboardStore.ts';
import { RedisLeaderboardStore } from '../../game-server/src/persistence/RedisLeaderboardStore.ts';
import { SqliteLeaderboardStore } from '../../game-server/src/persistence/SqliteLeaderboardStore.ts';
import {
  dropSocket,
  ownPlayer,
  steerToNearestOrb,
  waitForOwnPlayer,
  waitForState,
  whileDriving,
  type PlayerRoom,
} from '../../game-server/test/harness.ts';
import { startRedis, type RedisProcess } from '../../game-server/test/redisServer.ts';
import { startServerProcess, type ServerProcess } from '../src/serverProcess.ts';

/*
 * Colyseus's graceful shutdown does not wait for the onLeave that follows a drop, and a store can be
 * down when SIGTERM arrives. This runs the real server process, as in production, and sends SIGTERM
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
  // SQLite writes synchronously: what matters is that every seat is reported before the exit.
  [
    'sqlite',
    () =>
      Promise.resolve({ env: {}, open: () => Promise.resolve(new SqliteLeaderboardStore(join(dataDir, SQLITE_FILE))) }),
  ],
  // Redis is down when SIGTERM arrives and back while the server waits: the scores must still land.
  [
    'redis, down when SIGTERM arrives',
    async () => {
      const running = (redis = await startRedis());
      return {
        env: { REDIS_URL: running.url },
        open: () => RedisLeaderboardStore.connect(running.url),
        outage: { before: () => running.stop(), whileFlushing: () => running.start() },
      };
    },
  ],
];

test.each(backends)("SIGTERM mid-round keeps every score, a dropped player's included (%s)", async (_name, backend) => {
  const { env, open, outage } = await backend();
  server = await startServerProcess({ env: { DATA_DIR: dataDir, RECONNECT_SECONDS: '120', ...env } });
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
