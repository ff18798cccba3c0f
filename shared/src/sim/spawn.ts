import { ARENA_SIZE, EAT_MASS_RATIO, SPAWN_GRID_SIDE, SPAWN_SAFE_DISTANCE } from '../constants.ts';
import { hypot2, snapToGrid, type Vec } from './geometry.ts';
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
  return clearanceAt(
    point.x,
    point.y,
    mass,
    Array.isArray(others) ? (others as readonly SpawnObstacle[]) : [...others],
  );
}

/** spawnClearance at (x, y), over an array: no point object, no iterator (the spawn search calls it 400 times). */
// eslint-disable-next-line max-params -- a point as two numbers is the point of it
function clearanceAt(x: number, y: number, mass: number, others: readonly SpawnObstacle[]): number {
  let nearest = Infinity;
  for (let i = 0; i < others.length; i++) {
    const other = others[i]!;
    if (!other.alive || other.mass < mass * EAT_MASS_RATIO) continue;
    const edge = hypot2(other.x - x, other.y - y) - radiusForMass(other.mass);
    if (edge < nearest) nearest = edge;
  }
  return nearest;
}

/** The safe lattice points of the current search, reused (a search is never interrupted by another). */
const safeX = new Float64Array(SPAWN_GRID_SIDE * SPAWN_GRID_SIDE);
const safeY = new Float64Array(SPAWN_GRID_SIDE * SPAWN_GRID_SIDE);

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
  const threats = Array.isArray(others) ? (others as readonly SpawnObstacle[]) : [...others];
  const { mass } = area;
  const arenaSize = area.arenaSize ?? ARENA_SIZE;
  const spacing = (arenaSize - 2 * SPAWN_MARGIN) / (SPAWN_GRID_SIDE - 1);
  const jitter = spacing / 3;
  // Points as pairs of numbers, not objects: the search runs 400 of them per respawn.
  let safeCount = 0;
  let bestX = arenaSize / 2;
  let bestY = arenaSize / 2;
  let bestClearance = -Infinity;
  for (let row = 0; row < SPAWN_GRID_SIDE; row++) {
    for (let column = 0; column < SPAWN_GRID_SIDE; column++) {
      // x is drawn before y, as always.
      const x = latticeCoordinate(rng, column, spacing, jitter, arenaSize);
      const y = latticeCoordinate(rng, row, spacing, jitter, arenaSize);
      const clearance = clearanceAt(x, y, mass, threats);
      if (clearance >= SPAWN_SAFE_DISTANCE) {
        safeX[safeCount] = x;
        safeY[safeCount] = y;
        safeCount++;
      }
      if (clearance > bestClearance) {
        bestX = x;
        bestY = y;
        bestClearance = clearance;
      }
    }
  }
  if (safeCount === 0) return { x: bestX, y: bestY };
  const pick = Math.floor(nextRandom(rng) * safeCount);
  return { x: safeX[pick]!, y: safeY[pick]! };
}

/** One coordinate of lattice point `index`, jittered by the generator, SPAWN_MARGIN inside the walls, on the grid. */
// eslint-disable-next-line max-params -- numbers, not an options object: this runs 800 times a respawn
function latticeCoordinate(
  rng: RandomSource,
  index: number,
  spacing: number,
  jitter: number,
  arenaSize: number,
): number {
  const centre = SPAWN_MARGIN + index * spacing + randomBetween(rng, -jitter, jitter);
  return snapToGrid(Math.min(arenaSize - SPAWN_MARGIN, Math.max(SPAWN_MARGIN, centre)));
}
