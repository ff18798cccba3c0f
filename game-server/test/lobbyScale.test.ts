import type { Room } from '@colyseus/sdk';
import type { ArenaState, JoinOptions } from '@orb-arena/shared';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { createGameClient } from '../../game-client/src/net/gameClient.ts';
import { LobbyConnection } from '../../game-client/src/net/LobbyConnection.ts';
import { joinRoom, type JoinTarget } from '../../game-client/src/net/matchmaking.ts';
import { waitForLobby, waitForMatch } from './lobbyHelpers.ts';
import { startRedis, stopChild, type RedisProcess, type ServerProcess } from './processes.ts';
import { clusterEnv, startClusterServer } from './scaleHelpers.ts';

/*
 * The lobby, quick play and private codes with two real server processes on one real redis-server:
 * the listing travels through Redis presence and the codes resolve through the Redis driver.
 */

let redis: RedisProcess;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  redis = await startRedis();
  const env = { ...clusterEnv(redis.url), EMPTY_ROOM_GRACE_SECONDS: '1' };
  [a, b] = await Promise.all([startClusterServer(env), startClusterServer(env)]);
}, 60_000);

afterAll(async () => {
  for (const server of [a, b]) if (server) await stopChild(server, 'SIGKILL');
  await redis?.dispose();
});

async function joinThrough(
  server: ServerProcess,
  target: JoinTarget,
  options: JoinOptions | string,
): Promise<Room<unknown, ArenaState>> {
  const joinOptions = typeof options === 'string' ? { name: options } : options;
  return joinRoom(await createGameClient(server.endpoint, { identity: 'fresh' }), target, joinOptions);
}

/**
 * Waits until Colyseus's per-process room counts in Redis add up to `rooms`. Each process writes its
 * count at most once a second, and the matchmaker places a new room on the process with the fewest:
 * without this wait two quick creations can both see a stale tie and land on the same process.
 */
async function waitForRoomCounts(rooms: number): Promise<void> {
  const client = new Redis(redis.url);
  try {
    await vi.waitFor(
      async () => {
        const counts = await client.hgetall('roomcount');
        const total = Object.values(counts).reduce((sum, value) => sum + Number(value.split(',')[0]), 0);
        expect(total, 'rooms counted in Redis').toBe(rooms);
      },
      { timeout: 10_000, interval: 100 },
    );
  } finally {
    client.disconnect();
  }
}

/** The port of the process whose socket the room uses. */
function processPort(room: Room<unknown, ArenaState>): string {
  return new URL((room.connection.transport as unknown as { ws: { url: string } }).ws.url).port;
}

test("a lobby on A lists both processes' matches live, and a private code made on one process is joined through the other", async () => {
  const lobby = await LobbyConnection.join(a.endpoint);
  const seen = new Set<string>();
  lobby.onChange(() => lobby.matches.forEach((_match, id) => seen.add(id)));

  // The matchmaker puts each new room on the process with the fewest rooms (the lobby is one of them),
  // so three listed matches, each created once the counts are current, cannot all share a process.
  await waitForRoomCounts(1);
  const classic = await joinThrough(b, { kind: 'quick', mode: 'classic' }, 'classic one');
  await waitForRoomCounts(2);
  const blitz = await joinThrough(b, { kind: 'quick', mode: 'blitz' }, 'blitz one');
  await waitForRoomCounts(3);
  const custom = await joinThrough(b, { kind: 'quick', mode: 'classic' }, { name: 'custom one', matchSeconds: 60 });
  expect(new Set([classic, blitz, custom].map(processPort))).toEqual(new Set([String(a.port), String(b.port)]));
  await waitForMatch(lobby, custom.roomId, { what: 'with 1 player', accept: (m) => m.listing.players === 1 });
  await waitForMatch(lobby, classic.roomId, { what: 'with 1 player', accept: (m) => m.listing.players === 1 });
  await waitForMatch(lobby, blitz.roomId, { what: 'with 1 player', accept: (m) => m.listing.players === 1 });
  const second = await joinThrough(a, { kind: 'quick', mode: 'blitz' }, 'blitz two');
  expect(second.roomId).toBe(blitz.roomId);
  await waitForMatch(lobby, blitz.roomId, { what: 'with 2 players', accept: (m) => m.listing.players === 2 });

  const host = await joinThrough(a, { kind: 'private', mode: 'classic' }, 'host');
  const guests = await Promise.all(
    [a, b].map((server) => joinThrough(server, { kind: 'room', roomId: host.roomId }, 'guest')),
  );
  expect(guests.map((guest) => guest.roomId)).toEqual([host.roomId, host.roomId]);

  for (const room of [classic, blitz, custom, second, host, ...guests]) await room.leave();
  await waitForLobby(lobby, 'no matches once everyone left', (matches) => matches.size === 0);
  expect(seen.has(host.roomId)).toBe(false);
  await lobby.leave();
});
