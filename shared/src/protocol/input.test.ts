import { describe, expect, test } from 'vitest';
import { ARENA_SIZE, START_MASS, TICK_HZ } from '../constants.ts';
import { AXIS_MAX, stepBody, type MoveInput } from '../sim/movement.ts';
import { buildKeyInput, buildMoveInput, buildSteerInput } from './input.ts';

function expectWireAxes(input: MoveInput): void {
  for (const axis of [input.x, input.y]) {
    expect(Number.isInteger(axis)).toBe(true);
    expect(Math.abs(axis)).toBeLessThanOrEqual(AXIS_MAX);
  }
}

const magnitude = (input: MoveInput) => Math.hypot(input.x, input.y);

/** Rounding each axis to an integer moves the length by at most sqrt(0.5² + 0.5²) < 1. */
function expectLength(input: MoveInput, length: number): void {
  expect(Math.abs(magnitude(input) - length)).toBeLessThan(1);
}

describe('buildMoveInput', () => {
  test.each([
    [0, 0],
    [1, 0],
    [-1, 1],
    [0.5, -0.25],
    [3, 4],
    [1e-9, -1e-9],
    [1e6, -1e6],
    [-1e300, 5],
    [NaN, 1],
    [1, Infinity],
    [-Infinity, -Infinity],
  ])('gives integer axes in [-127, 127] for (%d, %d)', (dx, dy) => {
    expectWireAxes(buildMoveInput(dx, dy));
  });

  test.each([
    [1, 0, { x: 127, y: 0 }],
    [0, -1, { x: 0, y: -127 }],
    [0.5, 0, { x: 64, y: 0 }],
    [3, 4, { x: 76, y: 102 }],
    [-30, 40, { x: -76, y: 102 }],
  ])('maps (%d, %d) to %o', (dx, dy, expected) => {
    expect(buildMoveInput(dx, dy)).toEqual(expected);
  });

  test('normalises a direction longer than 1 to full length', () => {
    expectLength(buildMoveInput(10, 10), AXIS_MAX);
    expectLength(buildMoveInput(0.3, 0.4), AXIS_MAX / 2);
  });

  test.each([
    [NaN, 0],
    [Infinity, 1],
    [0, -Infinity],
  ])('stands still on non-finite (%d, %d)', (dx, dy) => {
    expect(magnitude(buildMoveInput(dx, dy))).toBe(0);
  });
});

describe('buildKeyInput', () => {
  const combos = Array.from({ length: 16 }, (_, bits) => ({
    up: (bits & 1) !== 0,
    down: (bits & 2) !== 0,
    left: (bits & 4) !== 0,
    right: (bits & 8) !== 0,
  }));

  test.each(combos)('gives integer axes in [-127, 127] for %o', (keys) => {
    const input = buildKeyInput(keys);
    expectWireAxes(input);
    expect(Math.sign(input.x)).toBe(Number(keys.right) - Number(keys.left));
    expect(Math.sign(input.y)).toBe(Number(keys.down) - Number(keys.up));
  });

  test.each([
    [
      { up: true, down: false, left: false, right: false },
      { x: 0, y: -127 },
    ],
    [
      { up: false, down: false, left: true, right: false },
      { x: -127, y: 0 },
    ],
    [
      { up: false, down: true, left: false, right: true },
      { x: 90, y: 90 },
    ],
  ])('maps %o to %o', (keys, expected) => {
    expect(buildKeyInput(keys)).toEqual(expected);
  });

  test('a diagonal key pair moves no faster than a single key', () => {
    const distance = (input: MoveInput) => {
      const body = { x: ARENA_SIZE / 2, y: ARENA_SIZE / 2, mass: START_MASS };
      stepBody(body, input, 1 / TICK_HZ);
      return Math.hypot(body.x - ARENA_SIZE / 2, body.y - ARENA_SIZE / 2);
    };
    const straight = distance(buildKeyInput({ up: false, down: false, left: false, right: true }));
    const diagonal = distance(buildKeyInput({ up: false, down: true, left: false, right: true }));
    expect(diagonal).toBeLessThanOrEqual(straight + 1 / 16);
  });
});

describe('buildSteerInput', () => {
  test.each([
    [
      { x: 100, y: 100 },
      { x: 900, y: 100 },
    ],
    [
      { x: 100, y: 100 },
      { x: 100, y: -900 },
    ],
    [
      { x: 3999, y: 1 },
      { x: 1, y: 3999 },
    ],
    [
      { x: 0, y: 0 },
      { x: 1e6, y: 3 },
    ],
  ])('steers from %o toward %o at full speed with integer axes', (from, to) => {
    const input = buildSteerInput(from, to);
    expectWireAxes(input);
    expectLength(input, AXIS_MAX);
    // Points the right way: the dot product with the true direction is positive.
    expect(input.x * (to.x - from.x) + input.y * (to.y - from.y)).toBeGreaterThan(0);
  });

  test.each([
    [{ x: 50, y: 50 }, { x: 50, y: 50 }, undefined],
    [{ x: 50, y: 50 }, { x: 53, y: 50 }, undefined],
    [{ x: 50, y: 50 }, { x: 60, y: 60 }, 20],
  ])('stands still from %o to %o inside the dead zone (%s)', (from, to, deadZone) => {
    expect(magnitude(buildSteerInput(from, to, deadZone))).toBe(0);
  });

  test('moves once the target is just past the dead zone', () => {
    expect(magnitude(buildSteerInput({ x: 50, y: 50 }, { x: 55, y: 50 }))).toBe(AXIS_MAX);
  });
});
