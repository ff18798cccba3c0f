import { Protocol } from '@colyseus/core';
import fc from 'fast-check';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { connectSeat, dismiss, joinRaw, reserveSeat, sendAndSee } from './attackers.ts';
import { DEFAULT_SECURITY_LIMITS } from '../../src/security/limits.ts';
import { leaderboardIds, waitForState } from '../harness.ts';
import { expectUnharmed, joinHonestPair, type HonestPair } from './honest.ts';
import { answersHealth, startServerProcess, type ServerProcess } from './serverProcess.ts';

/*
 * Hostile bytes on the socket, against a real server process while two honest players play.
 * Each attacker comes from its own loopback address (see attackers.ts).
 */

let server: ServerProcess;
let honest: HonestPair;

beforeAll(async () => {
  server = await startServerProcess({ env: { JOIN_TIMEOUT_SECONDS: '2' } });
  honest = await joinHonestPair(server.endpoint);
}, 60_000);

afterAll(async () => {
  await server?.stop(); // first: a hung server must not keep the players' leave() waiting
  honest?.leave();
});

/** orb_kicks_total for one reason, from /metrics (read from 127.0.0.1, an operator address). */
async function kicks(reason: string): Promise<number> {
  const text = await (await fetch(`${server.endpoint}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('orb_kicks_total{') && l.includes(`reason="${reason}"`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('the wire guard', () => {
  test('drops the sender of 14 00 ff (the input-decoder hang) and the process keeps serving', async () => {
    // Without the guard this frame spins Colyseus's unreliable-input decoder for good (docs/security.md):
    // /healthz below would never answer, so this test fails for as long as the upstream bug exists.
    const mark = await honest.mark();
    const seat = await joinRaw(server.endpoint, '127.0.0.2');

    const outcome = sendAndSee(seat, Uint8Array.of(0x14, 0x00, 0xff));

    expect(await answersHealth(server.endpoint, 5000), '/healthz answers after 14 00 ff').toBe(true);
    expect(await outcome).toBe('kicked');
    await expectUnharmed(server, honest, { mark });
    expect(await kicks('unknown-code')).toBeGreaterThanOrEqual(1);
  });

  const codes = Array.from({ length: 32 }, (_, code) => code);
  const lengths = [
    { shape: 'bare', tail: [] },
    { shape: 'a negative length', tail: [0x00, 0xff] },
    { shape: 'a truncated length', tail: [0xcd, 0x01] },
    { shape: 'an oversized length', tail: [0xce, 0xff, 0xff, 0xff, 0x7f, 0x01] },
    { shape: 'a 3000-byte body', tail: Array.from({ length: 3000 }, (_, i) => i % 256) },
    { shape: 'an input batch of one', tail: [0, 1, 0, 0, 0, 1, 5, 5] },
  ];
  /** What our own client sends: exactly these pass, everything else drops the sender. */
  const accepted = new Set([
    `${Protocol.PING} bare`,
    `${Protocol.ROOM_DATA_BYTES} an input batch of one`, // type 0, seq 1, one input (5, 5)
  ]);
  test('refuses every protocol code with truncated, negative and oversized lengths, keeping only what the game sends', async () => {
    const mark = await honest.mark();
    const outcomes: string[] = [];
    for (const code of codes) {
      for (const { shape, tail } of lengths) {
        for (const modifier of code === 0x14 || code === 0x13 ? [0, 0x80] : [0]) {
          const seat = await joinRaw(server.endpoint, '127.0.0.3');
          const outcome = await sendAndSee(seat, Uint8Array.of(code | modifier, ...tail));
          const expected = accepted.has(`${code | modifier} ${shape}`)
            ? 'kept'
            : code === Protocol.LEAVE_ROOM && shape === 'bare'
              ? 4000
              : 'kicked';
          if (outcome !== expected)
            outcomes.push(`code ${code | modifier} with ${shape}: ${outcome}, expected ${expected}`);
          await dismiss(seat);
        }
      }
    }
    expect(outcomes).toEqual([]);
    await expectUnharmed(server, honest, { mark });
  }, 120_000);

  test('survives a fuzz of raw frames (fast-check; the seed is printed on failure)', async () => {
    const mark = await honest.mark();
    const frame = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 48 }),
      fc
        .tuple(fc.constantFrom(0x0d, 0x13, 0x14, 0x15, 0x11, 0x93, 0x94), fc.uint8Array({ maxLength: 24 }))
        .map(([code, tail]) => Uint8Array.of(code, ...tail)),
      fc.string({ maxLength: 32 }),
    );
    await fc.assert(
      fc.asyncProperty(frame, async (bytes) => {
        const seat = await joinRaw(server.endpoint, '127.0.0.4');
        const outcome = await sendAndSee(seat, bytes);
        await dismiss(seat);
        // Every frame is either refused (kicked) or one our client sends (kept); LEAVE_ROOM leaves.
        expect(['kicked', 'kept', 4000]).toContain(outcome);
      }),
      { numRuns: 60, verbose: 1 },
    );
    await expectUnharmed(server, honest, { mark });
  }, 120_000);
});

describe('protocol-level kicks', () => {
  test.each([
    { what: 'an oversized frame (ws closes 1009)', frame: new Uint8Array(5000) },
    { what: 'a guard refusal', frame: Uint8Array.of(Protocol.ROOM_DATA_BYTES, 0xff) },
  ])('frees the seat of a client dropped for $what at once, with no reconnection window', async ({ frame }) => {
    const [watcher] = honest.players;
    const seat = await joinRaw(server.endpoint, '127.0.0.8');
    const listed = () => leaderboardIds(watcher.room.state).includes(seat.sessionId);
    await waitForState(watcher.room, listed, (shown) => shown);

    seat.socket.send(frame);

    // The reconnection window is 20 s; a freed seat leaves the leaderboard with the next patches.
    await vi.waitFor(() => expect(listed(), 'the kicked player is still in the room').toBe(false), { timeout: 10_000 });
    await seat.closed;
  });
});

/** A counter from /metrics with no labels but the process, e.g. orb_received_bytes_total. */
async function counter(name: string): Promise<number> {
  const text = await (await fetch(`${server.endpoint}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('WebSocket control frames', () => {
  test.each([
    // One address each: the kick log folds a second (address, reason) line within 10 s.
    { kind: 'pong', from: '127.0.0.12', send: (socket: WebSocket) => socket.pong() },
    { kind: 'ping', from: '127.0.0.14', send: (socket: WebSocket) => socket.ping() },
  ])(
    'drops a client flooding $kind frames (ws answers no frame rule, and a refused pong cost nothing)',
    async ({ kind, from, send }) => {
      const mark = await honest.mark();
      const seat = await joinRaw(server.endpoint, from);

      for (let i = 0; i < 200; i++) send(seat.socket);

      expect(await seat.closed).toBe(4002);
      // The child's log pipe and the socket's close are not ordered: wait for the kick's line.
      await vi.waitFor(() =>
        expect(server.output()).toMatch(
          new RegExp(
            `session=${seat.sessionId} address=${from.replaceAll('.', '\\.')} reason=budget \\(${kind} frames`,
          ),
        ),
      );
      await expectUnharmed(server, honest, { mark });
    },
  );

  test('reads nothing more from a kicked client', async () => {
    const seat = await joinRaw(server.endpoint, '127.0.0.13');
    const before = await counter('orb_received_bytes_total');

    // A refused frame, then 2 MB of 4,000-byte frames right behind it on the wire (masked with a zero
    // key), ahead of ws's answer to the close frame: what a flooder sends before it sees the kick.
    seat.socket.send(Uint8Array.of(Protocol.ROOM_DATA_BYTES, 0xff));
    const frame = Buffer.concat([
      Buffer.of(0x82, 0xfe, 4000 >> 8, 4000 & 0xff, 0, 0, 0, 0),
      Buffer.alloc(4000, Protocol.ROOM_DATA),
    ]);
    (seat.socket as unknown as { _socket: Socket })._socket.write(
      Buffer.concat(Array.from({ length: 500 }, () => frame)),
    );
    expect(await seat.closed).toBe(4002);

    // The read that carried the refused frame is parsed to its end (tens of kB); nothing after it.
    expect((await counter('orb_received_bytes_total')) - before).toBeLessThan(250 * 4000);
  });
});

describe('slow, silent and noisy clients', () => {
  test('drops a client that never reads, even when it sends pongs of its own', async () => {
    const mark = await honest.mark();
    const before = await kicks('heartbeat');
    const seat = await joinRaw(server.endpoint, '127.0.0.5');
    // Stop reading (TCP data piles up on the server), but keep sending unsolicited pongs, which
    // Colyseus's heartbeat alone would take as answers.
    (seat.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const pongs = setInterval(() => seat.socket.pong(), 500);
    try {
      await vi.waitFor(async () => expect(await kicks('heartbeat')).toBeGreaterThan(before), {
        timeout: 20_000,
        interval: 500,
      });
    } finally {
      clearInterval(pongs);
      seat.socket.terminate();
    }
    await expectUnharmed(server, honest, { mark });
  }, 30_000);

  test('drops unknown-type floods at the first frame, echoes nothing and logs a line per address', async () => {
    const mark = await honest.mark();
    const seats = await Promise.all(Array.from({ length: 5 }, () => joinRaw(server.endpoint, '127.0.0.6')));
    const type = new TextEncoder().encode('x'.repeat(3900));
    const flood = Uint8Array.of(Protocol.ROOM_DATA, 0xda, 3900 >> 8, 3900 & 0xff, ...type, 0xc0);
    const short = Uint8Array.of(Protocol.ROOM_DATA, 0xa5, ...new TextEncoder().encode('spawn'), 0xc0);
    for (const seat of seats) for (let i = 0; i < 200; i++) seat.socket.send(i % 2 ? short : flood);

    const codes = await Promise.all(seats.map((seat) => seat.closed));

    expect(codes).toEqual([4002, 4002, 4002, 4002, 4002]);
    for (const seat of seats) expect(seat.received.filter((frame) => frame[0] === Protocol.ERROR)).toEqual([]);
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.includes('address=127.0.0.6'));
    expect(lines.length).toBeLessThanOrEqual(2);
    await expectUnharmed(server, honest, { mark });
  });

  test('releases unused seat reservations after SEAT_RESERVATION_SECONDS, so the address may reserve again', async () => {
    const from = '127.0.0.9';
    for (let i = 0; i < DEFAULT_SECURITY_LIMITS.reservationsPerAddress; i++) await reserveSeat(server.endpoint, from);
    await expect(reserveSeat(server.endpoint, from)).rejects.toThrow(/^reservation refused: 429/);

    await vi.waitFor(() => reserveSeat(server.endpoint, from), { timeout: 15_000, interval: 500 });
  }, 30_000);

  test('drops a client that never acknowledges its join and frees the seat', async () => {
    const mark = await honest.mark();
    const seat = await connectSeat(server.endpoint, await reserveSeat(server.endpoint, '127.0.0.7'), {
      from: '127.0.0.7',
      ack: false,
    });

    expect(await seat.closed).toBe(4002);
    expect(server.output()).toMatch(/address=127\.0\.0\.7 reason=join-timeout/);
    await expectUnharmed(server, honest, { mark });
  });
});
