import { POSITION_STEP } from '../constants.ts';

/** A point or vector in world units. */
export interface Vec {
  x: number;
  y: number;
}

/** Snaps a coordinate to the POSITION_STEP grid (round half up), units in and out. */
export function snapToGrid(value: number): number {
  return Math.floor(value / POSITION_STEP + 0.5) * POSITION_STEP;
}

/** Clamps `value` into [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** Squared distance between two points, units². */
export function distanceSquared(a: Vec, b: Vec): number {
  const dx = a.x - b.x;
  const dy = a.y - b.y;
  return dx * dx + dy * dy;
}

/**
 * Math.hypot(a, b), bit for bit: V8 scales both sides by the larger and sums their squares with a
 * Kahan compensation, which for two terms is always zero, so this is that same arithmetic (spawn.test.ts
 * checks the two agree). Unlike the builtin it leaves no garbage: V8 boxes Math.hypot's arguments,
 * which made one respawn search (20,000 calls) leave about 1 MB.
 */
export function hypot2(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x === Infinity || y === Infinity) return Infinity;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  const max = x > y ? x : y;
  if (max === 0) return 0;
  const first = x / max;
  const second = y / max;
  return Math.sqrt(first * first + second * second) * max;
}
