import type { Room } from '@colyseus/sdk';
import type { ArenaState } from '@orb-arena/shared';
import { afterAll, beforeAll, expect, test } from 'vitest';
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
  if (redis) await stopChild(redis, 'SIGKILL');
});

async function joinThrough(
  server: ServerProcess,
  target: JoinTarget,
  name: string,
): Promise<Room<unknown, ArenaState>> {
  return joinRoom(await createGameClient(server.endpoint, { identity: 'fresh' }), target, { name });
}

/** The port of the process whose socket the room uses. */
function processPort(room: Room<unknown, ArenaState>): string {
  return new URL((room.connection.transport as unknown as { ws: { url: string } }).ws.url).port;
}

test("a lobby on A lists both processes' matches live, and a private code made on one process is joined through the other", async () => {
  const lobby = await LobbyConnection.join(a.endpoint);
  const seen = new Set<string>();
  lobby.onChange(() => lobby.matches.forEach((_match, id) => seen.add(id)));

  // Two modes, two rooms: the matchmaker creates the second on the process with fewer rooms.
  const classic = await joinThrough(b, { kind: 'quick', mode: 'classic' }, 'classic one');
  const blitz = await joinThrough(b, { kind: 'quick', mode: 'blitz' }, 'blitz one');
  expect(new Set([processPort(classic), processPort(blitz)])).toEqual(new Set([String(a.port), String(b.port)]));
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

  for (const room of [classic, blitz, second, host, ...guests]) await room.leave();
  await waitForLobby(lobby, 'no matches once everyone left', (matches) => matches.size === 0);
  expect(seen.has(host.roomId)).toBe(false);
  await lobby.leave();
});
