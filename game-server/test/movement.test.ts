import { AXIS_MAX, BASE_SPEED, TICK_HZ } from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import {
  ackedInput,
  moveInput,
  ownPlayer,
  rawSocket,
  sendInputs,
  useTestServer,
  waitForOwnPlayer,
  waitForPatches,
  waitForState,
} from './harness.ts';

const server = useTestServer();

/** Longest step one input can make, units: full speed at the start mass (a heavier player is slower). */
const MAX_STEP = BASE_SPEED / TICK_HZ;
/** Inputs per movement test: 8 full steps (80 units) stay clear of the walls from any spawn point. */
const STEPS = 8;

describe('player movement', () => {
  test.each([
    { direction: 'right', axes: { x: AXIS_MAX, y: 0 }, moved: 'x', still: 'y', sign: 1 },
    { direction: 'left', axes: { x: -AXIS_MAX, y: 0 }, moved: 'x', still: 'y', sign: -1 },
    { direction: 'down', axes: { x: 0, y: AXIS_MAX }, moved: 'y', still: 'x', sign: 1 },
    { direction: 'up', axes: { x: 0, y: -AXIS_MAX }, moved: 'y', still: 'x', sign: -1 },
  ] as const)('moves the own player $direction and acknowledges every input', async ({ axes, moved, still, sign }) => {
    const room = await server.join({ name: 'mover' });
    const start = await waitForOwnPlayer(room);

    const target = await sendInputs(room, axes, STEPS);

    expect(ackedInput(room)).toBe(target);
    expect(moveInput(room).lastSeq).toBe(target);
    const end = ownPlayer(room)!;
    const travelled = (end[moved] - start[moved]) * sign;
    expect(travelled).toBeGreaterThan(0);
    expect(travelled).toBeLessThanOrEqual(STEPS * MAX_STEP);
    expect(end[still]).toBe(start[still]);
  });

  test('does not move a player that sends no input', async () => {
    const room = await server.join({ name: 'idle' });
    const start = await waitForOwnPlayer(room);

    await waitForPatches(room, 10);

    expect(ownPlayer(room)).toMatchObject({ x: start.x, y: start.y });
  });

  test('moves no faster than one step per input however the inputs bunch up', async () => {
    const room = await server.join({ name: 'burst' });
    const start = await waitForOwnPlayer(room);
    const input = moveInput(room);
    const direction = start.x < 2000 ? 1 : -1;

    // Five inputs in one go: the server applies at most a few per tick, each one step long.
    for (let i = 0; i < 5; i++) input.push({ x: direction * AXIS_MAX, y: 0 });
    input.flush();
    await waitForState(
      room,
      () => ackedInput(room),
      (acked) => acked >= 5,
    );

    const travelled = (ownPlayer(room)!.x - start.x) * direction;
    expect(travelled).toBeGreaterThan(0);
    expect(travelled).toBeLessThanOrEqual(5 * MAX_STEP);
  });
});

describe('state patches on the wire', () => {
  test('arrive as binary frames', async () => {
    const room = await server.join({ name: 'counter' });
    await waitForOwnPlayer(room);
    const ws = rawSocket(room);
    const frames: unknown[] = [];
    const onFrame = (event: { data: unknown }) => frames.push(event.data);
    ws.addEventListener('message', onFrame);

    // Moving makes every patch carry a change.
    const input = moveInput(room);
    const timer = setInterval(() => input.push({ x: AXIS_MAX, y: 0 }), 1000 / TICK_HZ);
    try {
      await waitForPatches(room, 10);
    } finally {
      clearInterval(timer);
      ws.removeEventListener('message', onFrame);
    }

    expect(frames.length).toBeGreaterThanOrEqual(10);
    const textFrames = frames.filter((data) => typeof data === 'string');
    expect(textFrames).toEqual([]);
    for (const data of frames) {
      expect(data instanceof ArrayBuffer || data instanceof Uint8Array).toBe(true);
    }
    const bytes = frames.reduce<number>((sum, data) => sum + (data as ArrayBuffer).byteLength, 0);
    expect(bytes).toBeGreaterThan(0);
    console.log(`${frames.length} binary frames, ${bytes} bytes, ${(bytes / frames.length).toFixed(1)} bytes/frame`);
  });
});
