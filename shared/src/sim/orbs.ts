import { ARENA_SIZE, ORB_MASS, MAX_MASS, ORB_WALL_MARGIN } from '../constants.ts';
import { randomBetween, type RandomSource } from './random.ts';
import { snapToGrid } from './geometry.ts';
import { radiusForMass } from './movement.ts';

/**
 * A food orb. Orbs never move except when eaten, when they jump to a new random point. An orb not in
 * play (retired while the arena is small, see sim/arena.ts) has cell -1 and is in no grid cell, so
 * nobody eats or sees it.
 */
export interface SimOrb {
  id: number;
  x: number;
  y: number;
  /** Index of the grid cell holding this orb; -1 while it is not in play. */
  cell: number;
}

/** Side of one spatial-grid cell, units. About the largest eat radius, so a lookup spans few cells. */
export const GRID_CELL = 250;
/** Cells per side of the arena. */
export const GRID_COLUMNS = Math.ceil(ARENA_SIZE / GRID_CELL);

/** Orb ids per cell, row-major (cell = row * GRID_COLUMNS + column). */
export type OrbGrid = number[][];

export function createOrbGrid(): OrbGrid {
  return Array.from({ length: GRID_COLUMNS * GRID_COLUMNS }, () => []);
}

/** Grid column (or row) of a coordinate, clamped into the arena. */
export function cellCoordinate(value: number): number {
  const index = Math.floor(value / GRID_CELL);
  return index < 0 ? 0 : index >= GRID_COLUMNS ? GRID_COLUMNS - 1 : index;
}

/** What orb placement reads and mutates of a World. */
export interface OrbWorld extends RandomSource {
  orbGrid: OrbGrid;
  /** The arena's live side, units (at most ARENA_SIZE, which the grid covers). */
  arena: { size: number };
}

/**
 * Moves `orb` to a random point at least ORB_WALL_MARGIN inside the live arena and re-files it in the
 * grid (putting it in play if it was not). Mutates orb, grid and rng only.
 */
export function placeOrb(world: OrbWorld, orb: SimOrb): void {
  unfileOrb(world, orb);
  const size = world.arena.size;
  orb.x = snapToGrid(randomBetween(world, ORB_WALL_MARGIN, size - ORB_WALL_MARGIN));
  orb.y = snapToGrid(randomBetween(world, ORB_WALL_MARGIN, size - ORB_WALL_MARGIN));
  orb.cell = cellCoordinate(orb.y) * GRID_COLUMNS + cellCoordinate(orb.x);
  world.orbGrid[orb.cell]!.push(orb.id);
}

/** Takes `orb` out of play: out of the grid, cell -1 (its position is left as it was). Mutates orb and grid. */
export function parkOrb(world: OrbWorld, orb: SimOrb): void {
  unfileOrb(world, orb);
  orb.cell = -1;
}

function unfileOrb(world: OrbWorld, orb: SimOrb): void {
  if (orb.cell < 0) return;
  const list = world.orbGrid[orb.cell]!;
  const at = list.indexOf(orb.id);
  // Swap-remove: order inside a cell carries no meaning and this keeps removal O(1).
  list[at] = list[list.length - 1]!;
  list.pop();
}

/**
 * Calls `visit` for each orb id filed in a cell that overlaps the rectangle [x0, x1] × [y0, y1].
 * Reads only the grid; the visitor may not move orbs while iterating.
 */
export function forEachOrbIdInRect(
  grid: OrbGrid,
  rect: { x0: number; y0: number; x1: number; y1: number },
  visit: (id: number) => void,
): void {
  const c0 = cellCoordinate(rect.x0);
  const c1 = cellCoordinate(rect.x1);
  const r0 = cellCoordinate(rect.y0);
  const r1 = cellCoordinate(rect.y1);
  for (let row = r0; row <= r1; row++) {
    for (let column = c0; column <= c1; column++) {
      for (const id of grid[row * GRID_COLUMNS + column]!) visit(id);
    }
  }
}

/**
 * Lets `player` eat every orb whose centre lies inside its disc: each gives ORB_MASS mass (up to
 * MAX_MASS) and the same score, and is re-placed at once. Returns the orbs that moved.
 */
export function eatOrbs(
  world: OrbWorld & { orbs: SimOrb[] },
  player: { x: number; y: number; mass: number; score: number },
): SimOrb[] {
  const eaten: SimOrb[] = [];
  eatOrbsInto(world, player, eaten);
  return eaten;
}

/**
 * eatOrbs for the tick: appends the orbs eaten to `out` (which may already hold others) instead of
 * returning a new array, and allocates nothing. Same orbs, same order, same generator draws.
 */
export function eatOrbsInto(
  world: OrbWorld & { orbs: SimOrb[] },
  player: { x: number; y: number; mass: number; score: number },
  out: SimOrb[],
): void {
  const radius = radiusForMass(player.mass);
  const first = out.length;
  // The same cells, rows then columns, as forEachOrbIdInRect, without its rectangle and visitor.
  const c0 = cellCoordinate(player.x - radius);
  const c1 = cellCoordinate(player.x + radius);
  const r0 = cellCoordinate(player.y - radius);
  const r1 = cellCoordinate(player.y + radius);
  for (let row = r0; row <= r1; row++) {
    for (let column = c0; column <= c1; column++) {
      const cell = world.orbGrid[row * GRID_COLUMNS + column]!;
      for (let i = 0; i < cell.length; i++) {
        const orb = world.orbs[cell[i]!]!;
        const dx = orb.x - player.x;
        const dy = orb.y - player.y;
        if (dx * dx + dy * dy < radius * radius) out.push(orb);
      }
    }
  }
  // Re-placed only once all are found: placing edits the very cell lists read above.
  for (let i = first; i < out.length; i++) {
    player.mass = Math.min(MAX_MASS, player.mass + ORB_MASS);
    player.score += ORB_MASS;
    placeOrb(world, out[i]!);
  }
}
