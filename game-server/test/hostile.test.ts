import { CloseCode, Protocol } from '@colyseus/sdk';
import {
  leadersByRank,
  AXIS_MAX,
  BASE_SPEED,
  ClientMessage,
  INPUT_FRAME_MAX_BYTES,
  INPUT_SEND_EVERY_TICKS,
  NAME_MAX_LENGTH,
  TICK_HZ,
  buildSteerInput,
  encodeInputFrame,
} from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import {
  leaderboardIds,
  moveInput,
  ownPlayer,
  rawSocket,
  sendInputs,
  sendUntyped,
  useTestServer,
  steerToNearestOrb,
  waitForLeave,
  waitForOwnPlayer,
  waitForState,
  whileDriving,
  type PlayerRoom,
} from './harness.ts';
import { DEFAULT_SECURITY_LIMITS } from '../src/security/limits.ts';

const INPUT_BURST = DEFAULT_SECURITY_LIMITS.budgets.input.burst;

const server = useTestServer({ settings: { seed: 99 } });

/** A well-behaved player and a hostile one in the same room. */
async function joinPair(): Promise<{ good: PlayerRoom; bad: PlayerRoom }> {
  const good = await server.join({ name: 'good' });
  const bad = await server.join({ name: 'bad' });
  expect(bad.roomId).toBe(good.roomId);
  await waitForOwnPlayer(bad);
  await waitForState(
    good,
    (state) => state.playerCount,
    (count) => count === 2,
  );
  return { good, bad };
}

/**
 * Asserts the room is still running for `good`: its patches keep coming, its inputs keep moving it
 * (toward the arena centre, so no wall stops it), and a newcomer can still join the same room.
 */
async function expectRoomStillPlays(good: PlayerRoom): Promise<void> {
  const from = await waitForOwnPlayer(good);
  // The live arena's centre (its side follows the population).
  const centre = { x: good.state.arenaSize / 2, y: good.state.arenaSize / 2 };
  await whileDriving(
    good,
    (own) => buildSteerInput(own, centre),
    waitForState(
      good,
      () => ownPlayer(good)!,
      (own) => Math.hypot(own.x - from.x, own.y - from.y) >= 50,
    ),
  );
  const newcomer = await server.join({ name: 'newcomer' });
  expect(newcomer.roomId).toBe(good.roomId);
  await waitForState(good, leaderboardIds, (ids) => ids.includes(newcomer.sessionId));
}

/** Resolves once `watcher` sees player `id` under `name` in the public leaderboard. */
function waitForName(watcher: PlayerRoom, id: string, name: string): Promise<unknown> {
  return waitForState(
    watcher,
    (state) => state.leaderboard.find((entry) => entry.id === id)?.name,
    (shown) => shown === name,
  );
}

describe('malformed messages', () => {
  test.each([
    { shape: 'a number', payload: 5 },
    { shape: 'no name', payload: {} },
    { shape: 'a numeric name', payload: { name: 42 } },
    { shape: 'a 1000-character name', payload: { name: 'x'.repeat(1000) } },
    { shape: 'only invisible characters', payload: { name: '\u200B\u202E' } },
    { shape: 'a lone surrogate', payload: { name: 'ab\uD800' } },
  ])('drops a client whose rename carries $shape while the room plays on', async ({ payload }) => {
    const { good, bad } = await joinPair();
    const left = waitForLeave(bad);

    sendUntyped(bad, ClientMessage.Rename, payload);

    expect(await left).toBe(CloseCode.WITH_ERROR);
    // Dropped for an error, its seat is not held for a reconnection: it is gone at once.
    await waitForState(
      good,
      (state) => state.playerCount,
      (count) => count === 1,
    );
    expect(leaderboardIds(good.state)).toEqual([good.sessionId]);
    await expectRoomStillPlays(good);
  });

  test('applies a valid rename to the leaderboard', async () => {
    const { good, bad } = await joinPair();

    bad.send(ClientMessage.Rename, { name: '  Renamed  ' });

    await waitForName(good, bad.sessionId, 'Renamed');
    expect(bad.connection.isOpen).toBe(true);
  });

  test.each([
    { what: 'an unknown type name', type: 'teleport', payload: { x: 0, y: 0 } },
    { what: 'a numeric type', type: 99, payload: 'whatever' },
    { what: 'a __proto__ type', type: '__proto__', payload: { polluted: true } },
  ])('drops a client that sends $what, without an echo, while the room plays on', async ({ type, payload }) => {
    const { good, bad } = await joinPair();
    const left = waitForLeave(bad);
    let errorFrames = 0;
    rawSocket(bad).addEventListener('message', (event) => {
      if (new Uint8Array(event.data as ArrayBuffer)[0] === Protocol.ERROR) errorFrames++;
    });

    sendUntyped(bad, type, payload);

    expect(await left).toBe(CloseCode.WITH_ERROR);
    expect(errorFrames).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await waitForState(
      good,
      (state) => state.playerCount,
      (count) => count === 1,
    );
    await expectRoomStillPlays(good);
  });
});

describe('flooding', () => {
  test('drops a client that sends more inputs than its budget allows while the other keeps playing', async () => {
    const { good, bad } = await joinPair();
    const left = waitForLeave(bad);
    const input = moveInput(bad);

    // Every push past the first sends a message: twice the burst of input messages at once.
    for (let i = 0; i <= INPUT_BURST * 2 * INPUT_SEND_EVERY_TICKS; i++)
      input.push({ x: i % 2 === 0 ? AXIS_MAX : -AXIS_MAX, y: 0 });

    expect(await left).toBe(CloseCode.WITH_ERROR);
    await waitForState(
      good,
      (state) => state.playerCount,
      (count) => count === 1,
    );
    await expectRoomStillPlays(good);
  });

  test('keeps the scores a well-behaved player earned after a hostile one is dropped', async () => {
    const { good, bad } = await joinPair();
    const earned = await whileDriving(
      good,
      steerToNearestOrb(good),
      waitForState(
        good,
        () => ownPlayer(good)?.score ?? 0,
        (score) => score >= 2,
      ),
    );
    const left = waitForLeave(bad);

    bad.send(ClientMessage.Rename, { name: 'x'.repeat(NAME_MAX_LENGTH + 1) });

    expect(await left).toBe(CloseCode.WITH_ERROR);
    await waitForState(
      good,
      (state) => state.playerCount,
      (count) => count === 1,
    );
    expect(ownPlayer(good)!.score).toBeGreaterThanOrEqual(earned);
    const entry = await waitForState(
      good,
      (state) => leadersByRank(state.leaderboard)[0],
      (e) => (e?.score ?? 0) >= earned,
    );
    expect(entry?.id).toBe(good.sessionId);
  });
});

describe('garbage on the socket', () => {
  const text = (value: string) => [...new TextEncoder().encode(value)];
  test.each([
    { what: 'bytes with no protocol meaning', frame: [0xff, 0xfe, 0xfd, 0xfc] },
    { what: 'an empty frame', frame: [] },
    { what: 'a bare ROOM_DATA code', frame: [Protocol.ROOM_DATA] },
    { what: 'a truncated message type', frame: [Protocol.ROOM_DATA, 0xa6, ...text('ren')] },
    { what: 'a payload that is not msgpack', frame: [Protocol.ROOM_DATA, 0xa6, ...text('rename'), 0xc1, 0xc1] },
    { what: 'a truncated input', frame: [Protocol.ROOM_INPUT_RELIABLE, 0xff] },
    { what: 'a timed input with a garbage stamp', frame: [Protocol.ROOM_INPUT_RELIABLE | 0x80, 0xff, 0xff, 0xff] },
    { what: 'an input ring of garbage', frame: [Protocol.ROOM_INPUT_UNRELIABLE | 0x80, 0xff, 0x00, 0x07] },
    { what: 'a request with no body', frame: [Protocol.ROOM_REQUEST] },
    { what: 'a bytes message with a garbage type', frame: [Protocol.ROOM_DATA_BYTES, 0xd9, 0xff, 0x01] },
    { what: 'an input batch claiming nine inputs', frame: [Protocol.ROOM_DATA_BYTES, 0, 1, 0, 0, 0, 9, 1, 1] },
    { what: 'an input batch with an axis of -128', frame: [Protocol.ROOM_DATA_BYTES, 0, 1, 0, 0, 0, 1, 0x80, 0] },
    { what: 'a second JOIN_ROOM', frame: [Protocol.JOIN_ROOM] },
  ])('keeps the room running after $what', async ({ frame }) => {
    const { good, bad } = await joinPair();

    rawSocket(bad).send(new Uint8Array(frame));
    rawSocket(bad).send('not even binary');

    await expectRoomStillPlays(good);
    // Whether or not the sender was dropped, the room's own bookkeeping stays consistent.
    const expected = bad.connection.isOpen ? 3 : 2;
    await waitForState(
      good,
      (state) => state.playerCount,
      (count) => count === expected,
    );
  });
});

describe('out-of-range input', () => {
  test('clamps axes beyond AXIS_MAX so the player moves no faster than full speed', async () => {
    const { bad } = await joinPair();
    const start = await waitForOwnPlayer(bad);
    const direction = start.x < 2000 ? 1 : -1;
    const steps = 10;

    // The shared encoder clamps what a buggy client asks for before the wire.
    await sendInputs(bad, { x: direction * 1000, y: -128 }, steps);

    const end = ownPlayer(bad)!;
    const travelled = Math.hypot(end.x - start.x, end.y - start.y);
    expect(travelled).toBeGreaterThan(0);
    expect(travelled).toBeLessThanOrEqual((steps * BASE_SPEED) / TICK_HZ + 0.1);
    expect(Math.sign(end.x - start.x)).toBe(direction);
    expect(end.y).toBeLessThan(start.y);
  });

  test('drops a client whose batch carries an axis of -128 while the other keeps playing', async () => {
    const { good, bad } = await joinPair();
    await waitForOwnPlayer(bad);
    const left = waitForLeave(bad);
    const out = new Uint8Array(INPUT_FRAME_MAX_BYTES);
    const length = encodeInputFrame(out, 1, [{ x: AXIS_MAX, y: 0 }], 1);
    out[length - 1] = 0x80; // y = -128: the one int8 outside [-AXIS_MAX, AXIS_MAX]

    rawSocket(bad).send(out.slice(0, length));

    expect(await left).toBe(CloseCode.WITH_ERROR);
    await expectRoomStillPlays(good);
  });
});
