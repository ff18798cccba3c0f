import { MatchMakeError } from '@colyseus/sdk';
import { ANNOUNCE_MESSAGE, ARENA_ROOM, ErrorCode, MoveReason, type Announcement } from '@orb-arena/shared';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { ArenaConnection } from '../../game-client/src/net/ArenaConnection.ts';
import { createGameClient } from '../../game-client/src/net/gameClient.ts';
import { sendInputs, waitForPatches, type PlayerRoom } from './harness.ts';
import { startRedis, startServer, stopChild, freePort, type RedisProcess, type ServerProcess } from './processes.ts';
import {
  OPERATOR_AUTH,
  clusterEnv,
  joinThrough,
  listedRooms,
  nextMove,
  nextMovingNotice,
  socketUrl,
  startClusterServer,
  waitForListedRoomCount,
} from './scaleHelpers.ts';

/*
 * Several real server processes (index.ts, as in production) on one real redis-server: one
 * matchmaker across processes, presence pub/sub, drain on SIGTERM, kill -9, and Redis lost and back.
 * The tests run in order and hand the cluster on: A drains, A2 replaces it, B dies, Redis dies.
 */

const room = (connection: ArenaConnection) => connection.room as unknown as PlayerRoom;
/** The settings a connection joined with (and rejoins with when moved). */
const settingsOf = (connection: ArenaConnection) =>
  (connection as unknown as { settings: { client: { auth: { token: string } }; options: { matchSeconds?: number } } })
    .settings;
const tokenOf = (connection: ArenaConnection) => settingsOf(connection).client.auth.token;
const optionsOf = (connection: ArenaConnection) => settingsOf(connection).options;
const onProcess = (connection: ArenaConnection, server: ServerProcess) =>
  socketUrl(connection).includes(`:${server.port}/`);

describe('several processes on one Redis', () => {
  let redis: RedisProcess;
  let env: NodeJS.ProcessEnv;
  let a: ServerProcess;
  let b: ServerProcess;
  let b2: ServerProcess | undefined;
  let onA: ArenaConnection;
  let onB: ArenaConnection;
  let survivor: ArenaConnection;

  beforeAll(async () => {
    redis = await startRedis();
    env = clusterEnv(redis.url);
    [a, b] = await Promise.all([startClusterServer(env), startClusterServer(env)]);
  }, 60_000);

  afterAll(async () => {
    for (const server of [a, b, b2]) if (server) await stopChild(server, 'SIGKILL');
    await redis?.dispose();
  });

  test('seats a client matched through A in a room on B, where it plays', async () => {
    const first = await joinThrough(a.endpoint, 'first', 100);
    await waitForListedRoomCount(redis.url, 1);
    // The matchmaker creates the next room on the process with the fewest rooms: the other one.
    const second = await joinThrough(a.endpoint, 'second', 101);
    const both = [first, second];
    onA = both.find((connection) => onProcess(connection, a))!;
    onB = both.find((connection) => onProcess(connection, b))!;
    expect({ onA: Boolean(onA), onB: Boolean(onB) }, both.map(socketUrl).join(' ')).toEqual({ onA: true, onB: true });

    const acked = await sendInputs(room(onB), { x: 1, y: 0 }, 10);
    expect(acked).toBeGreaterThanOrEqual(10);
  });

  test('lists the rooms of both processes on A, and the monitor refuses requests without credentials', async () => {
    expect((await fetch(`${a.endpoint}/monitor/api`)).status).toBe(401);
    const wrong = `Basic ${Buffer.from('ops:wrong').toString('base64')}`;
    expect((await fetch(`${a.endpoint}/monitor/api`, { headers: { authorization: wrong } })).status).toBe(401);

    const rooms = await listedRooms(a.endpoint);
    expect(rooms.map((listed) => listed.roomId).sort()).toEqual([onA.room.roomId, onB.room.roomId].sort());
    expect(new Set(rooms.map((listed) => listed.publicAddress))).toEqual(
      new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]),
    );
  });

  test('relays an announcement published on B to the players on A (presence pub/sub)', async () => {
    const received = new Promise<Announcement>((resolve) => onA.room.onMessage(ANNOUNCE_MESSAGE, resolve));
    const response = await fetch(`${b.endpoint}/admin/announce`, {
      method: 'POST',
      headers: { authorization: OPERATOR_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'maintenance in 10 minutes' }),
    });
    expect(response.status).toBe(202);
    expect(await received).toEqual({ text: 'maintenance in 10 minutes' });
  });

  test('drains B on SIGTERM: not ready, newcomers seated on A, players moved to A with their identity, exit 0', async () => {
    const notice = nextMovingNotice(onB);
    const moved = nextMove(onB);
    b.child.kill('SIGTERM');
    await b.waitForLine(/draining: no new seats/);

    const ready = await fetch(`${b.endpoint}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ ready: false, reasons: ['draining'] });
    expect((await fetch(`${b.endpoint}/healthz`)).status).toBe(200);

    // A newcomer asking the draining process for the round length B's room plays is seated on A.
    const newcomer = await joinThrough(b.endpoint, 'newcomer', 101);
    expect(socketUrl(newcomer)).toContain(`:${a.port}/`);
    await newcomer.leave();

    expect(await notice).toMatchObject({ reason: MoveReason.Drain });
    survivor = await moved;
    expect(socketUrl(survivor)).toContain(`:${a.port}/`);
    expect(tokenOf(survivor)).toBe(tokenOf(onB));
    await waitForPatches(room(survivor), 2);
    expect(await b.exited).toBe(0);
    expect(b.output()).toMatch(/drained: every room is empty; running shutdown hooks[\s\S]*shut down cleanly/);
  });

  test('kill -9 of a process: A keeps serving, its players move to A, its rooms leave the listing', async () => {
    b2 = await startClusterServer(env);
    await waitForListedRoomCount(redis.url, 2);
    // B2 has no room yet, so the matchmaker opens the next room there.
    const doomed = await joinThrough(a.endpoint, 'doomed', 102);
    expect(socketUrl(doomed)).toContain(`:${b2.port}/`);
    // The SDK reconnects (and so the client relocates) only after a minimum time in the room.
    await vi.waitFor(() => expect(doomed.canReconnect).toBe(true), { timeout: 5000 });
    const b2ProcessId = (await listedRooms(a.endpoint)).find(
      (listed) => listed.roomId === doomed.room.roomId,
    )!.processId;
    const moved = nextMove(doomed);
    b2.child.kill('SIGKILL');
    expect(await b2.exited).toBe('SIGKILL');

    const rescued = await moved;
    expect(socketUrl(rescued)).toContain(`:${a.port}/`);
    await waitForPatches(room(rescued), 2);
    await vi.waitFor(
      async () =>
        expect((await listedRooms(a.endpoint)).filter((listed) => listed.processId === b2ProcessId)).toEqual([]),
      { timeout: 15_000, interval: 200 },
    );
    expect((await fetch(`${a.endpoint}/readyz`)).status).toBe(200);
    await waitForPatches(room(survivor), 2);
    await rescued.leave();
  });

  test('Redis lost mid-match: the room keeps ticking, /readyz false, seats refused clearly, recovery after restart', async () => {
    const server = a;
    const newcomerClient = await createGameClient(server.endpoint, { identity: 'fresh' });
    await redis.stop('SIGKILL');

    await waitForPatches(room(survivor), 20); // about a second of patches with no Redis at all
    await vi.waitFor(async () => {
      const ready = await fetch(`${server.endpoint}/readyz`);
      expect(await ready.json()).toEqual({ ready: false, reasons: ['redis unreachable'] });
    });
    const refused = await newcomerClient.joinOrCreate(ARENA_ROOM, { name: 'late' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(MatchMakeError);
    expect(refused).toMatchObject({ code: ErrorCode.Unavailable });
    expect((refused as MatchMakeError).message).toContain('lost its connection to Redis');

    await redis.start();
    await vi.waitFor(async () => expect((await fetch(`${server.endpoint}/readyz`)).status).toBe(200), {
      timeout: 15_000,
    });
    // The survivor's room is listed again (a restarted Redis starts empty) and new seats work.
    await vi.waitFor(async () =>
      expect((await listedRooms(server.endpoint)).map((listed) => listed.roomId)).toContain(survivor.room.roomId),
    );
    const late = await newcomerClient.joinOrCreate(ARENA_ROOM, {
      name: 'late',
      matchSeconds: optionsOf(survivor).matchSeconds,
    });
    expect(late.roomId).toBe(survivor.room.roomId);
    await late.leave();
    await waitForPatches(room(survivor), 2);
  });
});

describe('starting with a bad Redis', () => {
  test('exits non-zero, saying what to fix, when Redis is down at start', async () => {
    const port = await freePort();
    const started = Date.now();
    const server = startServer({ REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_CONNECT_SECONDS: '3' });
    await expect(server).rejects.toThrow(/exited \(1\) before listening/);
    await expect(server).rejects.toThrow(
      /cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/? \(REDIS_URL\).*Start Redis there or fix REDIS_URL/,
    );
    console.log(`redis down at start: exited after ${Date.now() - started} ms`);
  });

  test('exits 2 naming the variable when REDIS_URL is malformed', async () => {
    const server = startServer({ REDIS_URL: 'localhost:6379' });
    await expect(server).rejects.toThrow(
      /exited \(2\) before listening[\s\S]*REDIS_URL: expected a URL like redis:\/\/host:6379/,
    );
  });
});
