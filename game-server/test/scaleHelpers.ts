import { MOVING_MESSAGE, type MovingMessage } from '@orb-arena/shared';
import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { ArenaConnection } from '../../game-client/src/net/ArenaConnection.ts';
import { createGameClient } from '../../game-client/src/net/gameClient.ts';
import { freePort, startServer, type ServerProcess } from './processes.ts';

/* Helpers shared by the multi-process tests (scale.test.ts, nginx.test.ts). */

export const MONITOR_USER = 'ops';
export const MONITOR_PASSWORD = 'correct horse battery';
export const OPERATOR_AUTH = `Basic ${Buffer.from(`${MONITOR_USER}:${MONITOR_PASSWORD}`).toString('base64')}`;

/** Environment every process of one test cluster shares (same Redis, same token secret). */
export function clusterEnv(redisUrl: string): NodeJS.ProcessEnv {
  return {
    REDIS_URL: redisUrl,
    JWT_SECRET: 'a-test-secret-shared-by-every-process-of-the-cluster',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'orb-scale-')),
    STALE_CHECK_SECONDS: '1',
    DEBUG: process.env.SCALE_DEBUG ?? '',
    DRAIN_SECONDS: '2',
    MONITOR_USER,
    MONITOR_PASSWORD,
  };
}

/** Starts a game process that advertises `publicAddress(port)` (its own host:port by default). */
export async function startClusterServer(
  env: NodeJS.ProcessEnv,
  publicAddress: (port: number) => string = (port) => `127.0.0.1:${port}`,
): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({ ...env, PUBLIC_ADDRESS: publicAddress(port) }, port);
}

/** Joins quick play through `endpoint` as a fresh guest, relocating quickly when its server goes. */
export async function joinThrough(endpoint: string, name: string, matchSeconds = 100): Promise<ArenaConnection> {
  const client = await createGameClient(endpoint, { identity: 'fresh' });
  return ArenaConnection.join({
    endpoint,
    client,
    options: { name, matchSeconds },
    reconnection: { maxRetries: 2, maxDelay: 200 },
    relocation: { firstDelayMs: 200, maxDelayMs: 1000, attempts: 10 },
  });
}

/** The URL of the connection's room socket (says which process, or which proxy path, holds it). */
export function socketUrl(connection: ArenaConnection): string {
  return (connection.room.connection.transport as unknown as { ws: { url: string } }).ws.url;
}

/** Resolves with the connection the client moved to (register before the move starts). */
export function nextMove(connection: ArenaConnection): Promise<ArenaConnection> {
  return new Promise((resolve) => {
    const events = (connection as unknown as { events: { moved?: (next: ArenaConnection) => void } }).events;
    const previous = events.moved;
    events.moved = (next) => {
      previous?.(next);
      resolve(next);
    };
  });
}

/** Resolves with the next MOVING_MESSAGE the connection's room receives. */
export function nextMovingNotice(connection: ArenaConnection): Promise<MovingMessage> {
  return new Promise((resolve) => {
    const off = connection.room.onMessage(MOVING_MESSAGE, (message: MovingMessage) => {
      off();
      resolve(message);
    });
  });
}

/** Waits until Redis's process stats (Colyseus's `roomcount` hash) show `rooms` rooms in all. */
export async function waitForListedRoomCount(redisUrl: string, rooms: number): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    await vi.waitFor(
      async () => {
        const counts = Object.values(await redis.hgetall('roomcount')).map((value) => Number(value.split(',')[0]));
        if (counts.reduce((sum, count) => sum + count, 0) !== rooms) {
          throw new Error(`roomcount shows ${JSON.stringify(counts)}, expected ${rooms} rooms in all`);
        }
      },
      { timeout: 10_000, interval: 100 },
    );
  } finally {
    redis.disconnect();
  }
}

/** The rooms the monitor API of `endpoint` lists (every process's, from the shared driver). */
export async function listedRooms(
  endpoint: string,
): Promise<Array<{ roomId: string; processId: string; publicAddress?: string }>> {
  const response = await fetch(`${endpoint}/monitor/api`, { headers: { authorization: OPERATOR_AUTH } });
  if (!response.ok) throw new Error(`GET /monitor/api answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { rooms: Array<{ roomId: string; processId: string; publicAddress?: string }> })
    .rooms;
}
