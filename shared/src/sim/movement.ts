import { ARENA_SIZE, BASE_SPEED, MIN_SPEED, POSITION_STEP, RADIUS_PER_SQRT_MASS, START_MASS } from '../constants.ts';
import { clamp, snapToGrid } from './geometry.ts';

/** Anything the movement step can move: the server's world player and the client's predicted copy. */
export interface Body {
  x: number;
  y: number;
  mass: number;
}

/**
 * One tick of steering, as sent on the wire: each axis is an integer in [-AXIS_MAX, AXIS_MAX]
 * (so it fits an int8 and both peers read the same number). (0, 0) means "stand still".
 */
export interface MoveInput {
  x: number;
  y: number;
}

/** Largest magnitude of one input axis. */
export const AXIS_MAX = 127;

/** Radius of a body of `mass`, units. */
export function radiusForMass(mass: number): number {
  return RADIUS_PER_SQRT_MASS * Math.sqrt(mass);
}

/** Top speed of a body of `mass`, units/s: BASE_SPEED at START_MASS, falling with sqrt(mass). */
export function speedForMass(mass: number): number {
  return Math.max(MIN_SPEED, BASE_SPEED * Math.sqrt(START_MASS / mass));
}

/** One movement step: its length and the arena it happens in. */
export interface BodyStep {
  /** Step length, seconds. */
  dt: number;
  /** Side of the square arena, units. @default ARENA_SIZE */
  arenaSize: number;
}

/**
 * Moves `body` one step along `input`; `step` is a BodyStep, or just its `dt` (seconds) in the
 * default ARENA_SIZE arena. Pure function of (body, input, step): mutates only body.x/body.y.
 * Invariants after the call: the whole disc stays inside the arena, the distance moved is at most
 * speedForMass(mass) * dt plus half a grid step of snapping, and x/y lie on the POSITION_STEP grid.
 * Out-of-range axes are clamped, a non-finite axis counts as 0 (never throws).
 */
export function stepBody(body: Body, input: MoveInput, step: BodyStep | number): void {
  const { dt, arenaSize } = typeof step === 'number' ? { dt: step, arenaSize: ARENA_SIZE } : step;
  let ax = Number.isFinite(input.x) ? clamp(input.x, -AXIS_MAX, AXIS_MAX) / AXIS_MAX : 0;
  let ay = Number.isFinite(input.y) ? clamp(input.y, -AXIS_MAX, AXIS_MAX) / AXIS_MAX : 0;
  const length = Math.sqrt(ax * ax + ay * ay);
  if (length > 1) {
    // Diagonal keys give (1, 1): normalise so diagonals are not faster.
    ax /= length;
    ay /= length;
  }
  const distance = speedForMass(body.mass) * dt;
  body.x = snapToGrid(body.x + ax * distance);
  body.y = snapToGrid(body.y + ay * distance);
  keepInArena(body, arenaSize);
}

/**
 * Pushes `body` back so its whole disc lies inside the arena of side `arenaSize` (needed after
 * moving, and after the disc grew against a wall). Mutates only body.x/body.y; a body already inside
 * does not move, and a body on the POSITION_STEP grid stays on it.
 */
export function keepInArena(body: Body, arenaSize = ARENA_SIZE): void {
  // The innermost grid point, not the radius itself: a clamped value would sit off the grid, and
  // snapping it afterwards could round it past the wall by up to half a grid step.
  const inner = Math.ceil(radiusForMass(body.mass) / POSITION_STEP) * POSITION_STEP;
  body.x = clamp(body.x, inner, arenaSize - inner);
  body.y = clamp(body.y, inner, arenaSize - inner);
}
