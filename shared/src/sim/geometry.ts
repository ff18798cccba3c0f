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
