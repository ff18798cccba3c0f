import { ARENA_ROOM, ClientMessage, MatchmakeRefusal, SPECTATE_METHOD } from '@orb-arena/shared';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_SECURITY_LIMITS } from '../../src/security/limits.ts';
import { waitForState, type PlayerRoom } from '../harness.ts';
import { createGameClient } from '../../../game-client/src/net/gameClient.ts';
import { authHeader, connectSeat, httpRequest, reserveSeat, type HttpAnswer } from './attackers.ts';
import { expectUnharmed, joinHonestPair, type HonestPair } from './honest.ts';
import { startServerProcess, type ServerProcess } from './serverProcess.ts';

/*
 * Limits on rooms, seats, origins, addresses, /metrics and names, against a real server process
 * with its production defaults while two honest players play.
 */

const FRIEND = 'https://friend.example';
const limits = DEFAULT_SECURITY_LIMITS;
let server: ServerProcess;
let honest: HonestPair;

beforeAll(async () => {
  // Reservations held for a minute, so the count of seats one address holds at once is exact here
  // (their release after the default 5 s is tested in wire.test.ts).
  server = await startServerProcess({ env: { ALLOWED_ORIGINS: FRIEND, SEAT_RESERVATION_SECONDS: '60' } });
  honest = await joinHonestPair(server.endpoint);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  honest?.leave();
});

/** Runs `count` requests, `concurrency` at a time, on keep-alive connections from one address; returns statuses. */
async function flood(
  count: number,
  concurrency: number,
  send: (agent: Agent, i: number) => Promise<HttpAnswer>,
): Promise<Map<number, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const { status } = await send(agent, next++);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return statuses;
}

/** A GET with `target` written as is (absolute-form, a fragment: what an HTTP client would normalise), the raw answer. */
function rawHttpGet(port: number, target: string, from: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.once('end', () => resolve(answer));
    socket.once('error', reject);
    socket.end(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  });
}

describe('rooms and seats', () => {
  test('10,000 room creations from one address make at most ROOMS_PER_ADDRESS_PER_MINUTE rooms', async () => {
    const mark = await honest.mark();
    const auth = await authHeader(server.endpoint, '127.0.0.10');
    const started = Date.now();
    const statuses = await flood(10_000, 16, (agent, i) =>
      httpRequest(server.endpoint, {
        method: 'POST',
        path: `/matchmake/create/${ARENA_ROOM}`,
        from: '127.0.0.10',
        agent,
        // A different round length and address header each time: neither opens a new budget.
        headers: { ...auth, 'x-forwarded-for': `10.0.${i >> 8}.${i & 255}` },
        body: { name: `room-${i}`, matchSeconds: 3 + (i % 3000) },
      }),
    );

    // Each room made also holds its creator's seat, so the reservation limit may bite first; both
    // budgets renew after a minute (a loaded machine may need more than one for the flood).
    const made = statuses.get(200) ?? 0;
    const minutes = 1 + Math.floor((Date.now() - started) / 60_000);
    expect(made).toBeGreaterThan(0);
    expect(made).toBeLessThanOrEqual(
      Math.min(limits.roomsPerAddressPerMinute, limits.reservationsPerAddress) * minutes,
    );
    expect(statuses.get(MatchmakeRefusal.TooMany)).toBe(10_000 - made);
    await expectUnharmed(server, honest, { mark, window: 'after' });
  }, 120_000);

  test('1,000 reservations from one address hold at most RESERVATIONS_PER_ADDRESS seats, and a friend still joins', async () => {
    const mark = await honest.mark();
    const auth = await authHeader(server.endpoint, '127.0.0.11');
    const started = Date.now();
    const statuses = await flood(1000, 16, (agent) =>
      httpRequest(server.endpoint, {
        method: 'POST',
        path: `/matchmake/joinOrCreate/${ARENA_ROOM}`,
        from: '127.0.0.11',
        agent,
        headers: auth,
        body: { name: 'squatter' },
      }),
    );
    // Reservations here last 60 s (beforeAll), so only a flood slower than that gets a second batch.
    const held = statuses.get(200) ?? 0;
    expect(held).toBeLessThanOrEqual(limits.reservationsPerAddress * (1 + Math.floor((Date.now() - started) / 60_000)));
    expect(statuses.get(MatchmakeRefusal.TooMany)).toBe(1000 - held);

    const friend = (await (
      await createGameClient(server.endpoint, { identity: 'fresh' })
    ).joinOrCreate(ARENA_ROOM, { name: 'friend' })) as PlayerRoom;
    expect(friend.roomId).toBe(honest.players[0].room.roomId);
    await friend.leave();
    await expectUnharmed(server, honest, { mark, window: 'after' });
  });

  test('a socket into another room does not free a reservation from its address’s count', async () => {
    const from = '127.0.0.21';
    for (let i = 0; i < limits.reservationsPerAddress; i++) {
      const seat = await reserveSeat(server.endpoint, from);
      // The seat's session id on a socket into a room that does not hold it: Colyseus refuses the
      // socket and keeps the seat reserved, so the address still holds it.
      const socket = new WebSocket(
        `${server.endpoint.replace('http', 'ws')}/${seat.processId}/no-such-room?sessionId=${seat.sessionId}`,
        {
          localAddress: from,
        },
      );
      await new Promise((resolve) => socket.once('close', resolve));
    }

    await expect(reserveSeat(server.endpoint, from)).rejects.toThrow(/^reservation refused: 429/);
  });

  test('refuses a matchmaking body sent without its length (chunked), before reading it', async () => {
    const from = '127.0.0.22';
    const answer = await httpRequest(server.endpoint, {
      method: 'POST',
      path: `/matchmake/joinOrCreate/${ARENA_ROOM}`,
      from,
      // Colyseus caps a body at 1 MB by its Content-Length only: a chunked one was read to its end.
      headers: { ...(await authHeader(server.endpoint, from)), 'transfer-encoding': 'chunked' },
      body: { name: 'chunky' },
    });

    expect(answer.status).toBe(411);
    await server.waitForOutput(/address=127\.0\.0\.22 reason=unsized-body/);
  });

  test('refuses joins by id from an address that asked for too many rooms that do not exist (code guessing)', async () => {
    const [guesser, host, friend] = ['127.0.0.23', '127.0.0.24', '127.0.0.25'];
    const privateRoom = await reserveSeat(server.endpoint, host, {
      method: 'create',
      body: { name: 'host', privateRoom: true },
    });
    const joinById = async (from: string, method: string, roomId: string) =>
      httpRequest(server.endpoint, {
        method: 'POST',
        path: `/matchmake/${method}/${roomId}`,
        from,
        headers: await authHeader(server.endpoint, from),
        body: { name: 'guess' },
      });

    // Wrong codes, by joinById and by spectate: refused as unknown rooms, until the budget is spent...
    for (let i = 0; i < limits.wrongRoomIdsPerAddressPerMinute; i++) {
      const answer = await joinById(
        guesser,
        i % 2 === 0 ? 'joinById' : SPECTATE_METHOD,
        `ZZZZ${String(i).padStart(2, '0')}`,
      );
      expect(answer.body).toMatch(/not found/);
    }
    // ...then refused as too many, even for the right code.
    const refused = await joinById(guesser, 'joinById', privateRoom.roomId);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatch(/too many joins to rooms that do not exist/);
    await server.waitForOutput(/address=127\.0\.0\.23 reason=wrong-room-ids/);

    // Another address still joins by the code.
    const joined = await joinById(friend, 'joinById', privateRoom.roomId);
    expect(joined.status, joined.body).toBe(200);
    expect(JSON.parse(joined.body)).toMatchObject({ roomId: privateRoom.roomId });
  });

  test('quick play never lands in a custom-length room, even with a __proto__ key in the body', async () => {
    const custom = await reserveSeat(server.endpoint, '127.0.0.12', {
      method: 'create',
      body: { name: 'c', matchSeconds: 3 },
    });
    const sneaky = await reserveSeat(server.endpoint, '127.0.0.12', {
      headers: { 'content-type': 'application/json' },
      body: JSON.parse('{"name":"q","__proto__":{"matchSeconds":3}}') as unknown,
    });
    expect(sneaky.roomId).not.toBe(custom.roomId);
    expect(sneaky.roomId).toBe(honest.players[0].room.roomId);
  });

  test('refuses invalid create options before any room exists', async () => {
    const before = await roomsGauge();
    const answer = await httpRequest(server.endpoint, {
      method: 'POST',
      path: `/matchmake/create/${ARENA_ROOM}`,
      from: '127.0.0.13',
      headers: await authHeader(server.endpoint, '127.0.0.13'),
      body: { name: 'x', matchSeconds: 1 },
    });
    expect(answer.status).toBe(MatchmakeRefusal.InvalidOptions);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: expect.stringMatching(/^invalid join options: matchSeconds/) as unknown,
    });
    expect(await roomsGauge()).toBe(before);
  });
});

/** The orb_rooms gauge. */
async function roomsGauge(): Promise<number> {
  const text = await (await fetch(`${server.endpoint}/metrics`)).text();
  return Number(/^orb_rooms(?:\{[^}]*\})? (\d+)$/m.exec(text)?.[1]);
}

describe('origins and addresses', () => {
  test('refuses a WebSocket upgrade from a foreign origin, accepts the page’s own and the allow-list', async () => {
    const attempt = async (origin: string) => {
      const seat = await reserveSeat(server.endpoint, '127.0.0.14');
      return connectSeat(server.endpoint, seat, { from: '127.0.0.14', origin }).then(
        async (joined) => {
          joined.socket.close();
          await joined.closed;
          return 'joined';
        },
        (error: Error) => error.message,
      );
    };
    expect(await attempt('https://evil.example')).toMatch(/403/);
    expect(await attempt('null')).toMatch(/403/);
    expect(await attempt(server.endpoint)).toBe('joined');
    expect(await attempt(FRIEND)).toBe('joined');
  });

  test('answers CORS only for allowed origins, reflecting them with Vary and a short max-age', async () => {
    const preflight = (origin: string) =>
      httpRequest(server.endpoint, {
        method: 'OPTIONS',
        path: `/matchmake/joinOrCreate/${ARENA_ROOM}`,
        from: '127.0.0.15',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const foreign = await preflight('https://evil.example');
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const friend = await preflight(FRIEND);
    expect(friend.status).toBe(204);
    expect(friend.headers).toMatchObject({
      'access-control-allow-origin': FRIEND,
      vary: 'Origin',
      'access-control-max-age': '600',
    });
    const health = await httpRequest(server.endpoint, {
      path: '/healthz',
      from: '127.0.0.15',
      headers: { origin: 'null' },
    });
    expect(health.status).toBe(403);
  });

  test('a spoofed X-Forwarded-For does not open a new budget without a trusted proxy', async () => {
    const auth = await authHeader(server.endpoint, '127.0.0.16');
    const statuses = await flood(40, 4, (agent, i) =>
      httpRequest(server.endpoint, {
        method: 'POST',
        path: `/matchmake/joinOrCreate/${ARENA_ROOM}`,
        from: '127.0.0.16',
        agent,
        headers: { ...auth, 'x-forwarded-for': `203.0.113.${i}` },
        body: { name: 'spoof' },
      }),
    );
    expect(statuses.get(200)).toBe(limits.reservationsPerAddress);
  });

  test('refuses more than SOCKETS_PER_ADDRESS sockets from one address', async () => {
    const url = `${server.endpoint.replace('http', 'ws')}/probe`;
    const sockets = Array.from(
      { length: limits.socketsPerAddress + 4 },
      () => new WebSocket(url, { localAddress: '127.0.0.17' }),
    );
    const outcomes = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<string>((resolve) => {
            socket.once('open', () => resolve('open'));
            socket.once('error', (error) => resolve(error.message));
          }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === 'open')).toHaveLength(limits.socketsPerAddress);
    expect(outcomes.filter((outcome) => /429/.test(outcome))).toHaveLength(4);
    for (const socket of sockets) socket.terminate();
  });

  test('issues at most GUESTS_PER_ADDRESS_PER_MINUTE guest identities to one address, and another address still signs in', async () => {
    const mark = await honest.mark();
    const signIn = (from: string, agent?: Agent) =>
      httpRequest(server.endpoint, { method: 'POST', path: '/auth/anonymous', from, agent, body: {} });
    const started = Date.now();
    const statuses = await flood(limits.guestsPerAddressPerMinute + 20, 4, (agent) => signIn('127.0.0.19', agent));
    const issued = statuses.get(200) ?? 0;
    expect(issued).toBeGreaterThanOrEqual(limits.guestsPerAddressPerMinute);
    expect(issued).toBeLessThanOrEqual(
      limits.guestsPerAddressPerMinute * (1 + Math.floor((Date.now() - started) / 60_000)),
    );
    expect(statuses.get(429)).toBe(limits.guestsPerAddressPerMinute + 20 - issued);

    const refused = await signIn('127.0.0.19');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('60');
    expect(JSON.parse(refused.body)).toEqual({
      code: 429,
      error: 'too many guest sign-ins from this address; try again in a minute',
    });
    const other = await signIn('127.0.0.20');
    expect(other.status).toBe(200);
    expect(JSON.parse(other.body)).toHaveProperty('token');
    await expectUnharmed(server, honest, { mark, window: 'after' });
  });
});

describe('/metrics and names', () => {
  test('a /metrics flood from a foreign address gets 403s and reads nothing', async () => {
    const mark = await honest.mark();
    const statuses = await flood(2000, 16, (agent) =>
      httpRequest(server.endpoint, { path: '/metrics', from: '127.0.0.2', agent }),
    );
    expect([...statuses]).toEqual([[403, 2000]]);
    await expectUnharmed(server, honest, { mark, window: 'after' });
  });

  test.each(['/METRICS', '/Metrics/', 'http://127.0.0.1/metrics', '/metrics#x'])(
    'refuses /metrics spelled %s from a foreign address, as Express would route it there',
    async (target) => {
      const answer = await rawHttpGet(server.port, target, '127.0.0.2');
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 403 Forbidden');
      expect(answer).not.toContain('orb_rooms');
    },
  );

  test.each([
    { abuse: 'only zero-width characters', name: '\u200B\u200D\u2060' },
    { abuse: 'only bidi controls', name: '\u202E\u2066' },
    { abuse: 'mixed look-alike scripts', name: 'p\u0430ypal' },
    { abuse: 'only ideographic spaces', name: '\u3000\u3000' },
    { abuse: 'U+FFFD (a lone surrogate after UTF-8)', name: 'ab\uFFFD' },
  ])('refuses a join named with $abuse before matchmaking', async ({ name }) => {
    const answer = await httpRequest(server.endpoint, {
      method: 'POST',
      path: `/matchmake/joinOrCreate/${ARENA_ROOM}`,
      from: '127.0.0.18',
      headers: await authHeader(server.endpoint, '127.0.0.18'),
      body: { name },
    });
    expect(answer.status).toBe(MatchmakeRefusal.InvalidOptions);
  });

  test('shows a rename with a right-to-left override as cleaned text', async () => {
    const [watcher] = honest.players;
    const renamer = (await (
      await createGameClient(server.endpoint, { identity: 'fresh' })
    ).joinOrCreate(ARENA_ROOM, { name: 'renamer' })) as PlayerRoom;
    renamer.send(ClientMessage.Rename, { name: 'evil\u202Egnp.exe' });
    await waitForState(
      watcher.room,
      (state) => state.leaderboard.find((entry) => entry.id === renamer.sessionId)?.name,
      (name) => name === 'evilgnp.exe',
    );
    await renamer.leave();
  });
});
