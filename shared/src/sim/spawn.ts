import { ARENA_SIZE, EAT_MASS_RATIO, SPAWN_GRID_SIDE, SPAWN_SAFE_DISTANCE } from '../constants.ts';
import { snapToGrid, type Vec } from './geometry.ts';
import { radiusForMass } from './movement.ts';
import { nextRandom, randomBetween, type RandomSource } from './random.ts';

/** What spawn placement needs to know about a player already in the arena. */
export interface SpawnObstacle extends Vec {
  mass: number;
  alive: boolean;
}

/** Distance from the walls to any spawn point, units. */
export const SPAWN_MARGIN = 100;

/**
 * Clearance of `point` for a newcomer of `mass`: the distance from the point to the edge of the
 * nearest live player heavy enough to eat it (Infinity when there is none). Pure; reads only.
 */
export function spawnClearance(point: Vec, mass: number, others: Iterable<SpawnObstacle>): number {
  let nearest = Infinity;
  for (const other of others) {
    if (!other.alive || other.mass < mass * EAT_MASS_RATIO) continue;
    const edge = Math.hypot(other.x - point.x, other.y - point.y) - radiusForMass(other.mass);
    if (edge < nearest) nearest = edge;
  }
  return nearest;
}

/** The newcomer and the arena it spawns in. */
export interface SpawnArea {
  /** The newcomer's mass. */
  mass: number;
  /** Side of the square arena, units. @default ARENA_SIZE */
  arenaSize?: number;
}

/**
 * Picks where a newcomer of `area.mass` appears. Searched, not random: every point of a SPAWN_GRID_SIDE²
 * lattice (jittered by up to a third of its spacing, so spawns don't repeat exactly) is scored by
 * spawnClearance. One of the points at least SPAWN_SAFE_DISTANCE from every possible eater is chosen
 * at random from `rng`; when none is, the point with the most clearance is. Deterministic from the
 * generator state, which it advances; the result lies on the position grid, SPAWN_MARGIN inside the walls.
 */
export function findSpawnPoint(rng: RandomSource, others: Iterable<SpawnObstacle>, area: SpawnArea): Vec {
  const threats = [...others];
  const { mass } = area;
  const arenaSize = area.arenaSize ?? ARENA_SIZE;
  const spacing = (arenaSize - 2 * SPAWN_MARGIN) / (SPAWN_GRID_SIDE - 1);
  const jitter = spacing / 3;
  const safe: Vec[] = [];
  let best: Vec = { x: arenaSize / 2, y: arenaSize / 2 };
  let bestClearance = -Infinity;
  for (let row = 0; row < SPAWN_GRID_SIDE; row++) {
    for (let column = 0; column < SPAWN_GRID_SIDE; column++) {
      const point = latticePoint(rng, { column, row, spacing, jitter, arenaSize });
      const clearance = spawnClearance(point, mass, threats);
      if (clearance >= SPAWN_SAFE_DISTANCE) safe.push(point);
      if (clearance > bestClearance) [best, bestClearance] = [point, clearance];
    }
  }
  if (safe.length === 0) return best;
  return safe[Math.floor(nextRandom(rng) * safe.length)]!;
}

/** One lattice point, jittered by the generator and kept SPAWN_MARGIN inside the walls, on the grid. */
function latticePoint(
  rng: RandomSource,
  cell: { column: number; row: number; spacing: number; jitter: number; arenaSize: number },
): Vec {
  const place = (index: number) => {
    const centre = SPAWN_MARGIN + index * cell.spacing + randomBetween(rng, -cell.jitter, cell.jitter);
    return snapToGrid(Math.min(cell.arenaSize - SPAWN_MARGIN, Math.max(SPAWN_MARGIN, centre)));
  };
  return { x: place(cell.column), y: place(cell.row) };
}
