import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ARENA_SIZE,
  EAT_MASS_RATIO,
  SPAWN_GRID_SIDE,
  SPAWN_IDLE_PROTECTION_SECONDS,
  SPAWN_PROTECTION_SECONDS,
  SPAWN_SAFE_DISTANCE,
  START_MASS,
} from '../constants.ts';
import { hypot2 } from './geometry.ts';
import { canEat } from './combat.ts';
import type { MoveInput } from './movement.ts';
import { SPAWN_MARGIN, findSpawnPoint, spawnClearance, type SpawnObstacle } from './spawn.ts';
import { stepWorld } from './step.ts';
import { addPlayer, createWorld, secondsToTicks, type SimPlayer, type World } from './world.ts';

/**
 * How far any point of the spawn area can be from the nearest jittered lattice point: half a cell
 * plus the jitter (a third of a cell), per axis. A point with this much more than the safe distance
 * of clearance guarantees a safe lattice point (clearance changes by at most the distance moved).
 */
const SPACING = (ARENA_SIZE - 2 * SPAWN_MARGIN) / (SPAWN_GRID_SIDE - 1);
const LATTICE_REACH = Math.SQRT2 * (SPACING / 2 + SPACING / 3);

/** The best clearance over a fine scan of the spawn area (100-unit steps). */
function bestScannedClearance(threats: SpawnObstacle[]): number {
  let best = -Infinity;
  for (let x = SPAWN_MARGIN; x <= ARENA_SIZE - SPAWN_MARGIN; x += 100) {
    for (let y = SPAWN_MARGIN; y <= ARENA_SIZE - SPAWN_MARGIN; y += 100) {
      best = Math.max(best, spawnClearance({ x, y }, START_MASS, threats));
    }
  }
  return best;
}

const threat = fc.record({
  x: fc.double({ min: 0, max: ARENA_SIZE, noNaN: true }),
  y: fc.double({ min: 0, max: ARENA_SIZE, noNaN: true }),
  mass: fc.integer({ min: Math.ceil(START_MASS * EAT_MASS_RATIO), max: 2000 }),
  alive: fc.constant(true),
});

function stepTimes(world: World, times: number, inputs = new Map<string, MoveInput[]>()): void {
  for (let i = 0; i < times; i++) stepWorld(world, inputs);
}

/** Puts `hunter` (heavy) right on top of `prey`, so only a shield can save the prey. */
function sitOn(hunter: SimPlayer, prey: SimPlayer): void {
  Object.assign(hunter, { mass: 400, x: prey.x, y: prey.y, shielded: false });
}

/**
 * Steps with `hunter` sat on `prey` before every step until the prey is eaten, the prey steering east
 * from step `movesFrom` on (Infinity: never); returns how many steps it survived.
 */
function ticksShielded(
  world: World,
  { prey, hunter }: { prey: SimPlayer; hunter: SimPlayer },
  movesFrom: number,
): number {
  const still = new Map<string, MoveInput[]>();
  const moving = new Map([[prey.id, [{ x: 127, y: 0 }]]]);
  let survived = 0;
  for (; survived < 100_000; survived++) {
    sitOn(hunter, prey);
    stepWorld(world, survived >= movesFrom ? moving : still);
    if (!prey.alive) break;
  }
  return survived;
}

describe('findSpawnPoint', () => {
  test('never spawns within the safe distance of a possible eater when a safe place exists', () => {
    fc.assert(
      fc.property(fc.array(threat, { minLength: 1, maxLength: 30 }), fc.nat(), (threats, seed) => {
        fc.pre(bestScannedClearance(threats) >= SPAWN_SAFE_DISTANCE + LATTICE_REACH);
        const point = findSpawnPoint({ rng: seed }, threats, { mass: START_MASS });
        expect(spawnClearance(point, START_MASS, threats)).toBeGreaterThanOrEqual(SPAWN_SAFE_DISTANCE);
      }),
      { numRuns: 150 },
    );
  });

  test('when nowhere is safe, spawns about as far from danger as the arena allows', () => {
    // Hunters every 500 units: no point is SPAWN_SAFE_DISTANCE from all of them.
    const threats: SpawnObstacle[] = [];
    for (let x = 250; x < ARENA_SIZE; x += 500) {
      for (let y = 250; y < ARENA_SIZE; y += 500) threats.push({ x, y, mass: 100, alive: true });
    }
    const best = bestScannedClearance(threats);
    expect(best).toBeLessThan(SPAWN_SAFE_DISTANCE);
    const point = findSpawnPoint({ rng: 9 }, threats, { mass: START_MASS });
    expect(spawnClearance(point, START_MASS, threats)).toBeGreaterThanOrEqual(best - LATTICE_REACH);
  });

  test('ignores players too light to eat a newcomer, and dead ones', () => {
    const harmless: SpawnObstacle[] = [
      { x: 2000, y: 2000, mass: START_MASS, alive: true },
      { x: 1000, y: 1000, mass: 4000, alive: false },
    ];
    expect(spawnClearance({ x: 2000, y: 2000 }, START_MASS, harmless)).toBe(Infinity);
  });

  test('is deterministic from the generator state and stays inside the margin, on the grid', () => {
    const threats = [{ x: 500, y: 500, mass: 300, alive: true }];
    const a = findSpawnPoint({ rng: 123 }, threats, { mass: START_MASS });
    const b = findSpawnPoint({ rng: 123 }, threats, { mass: START_MASS });
    expect(b).toEqual(a);
    for (const axis of [a.x, a.y]) {
      expect(axis).toBeGreaterThanOrEqual(SPAWN_MARGIN);
      expect(axis).toBeLessThanOrEqual(ARENA_SIZE - SPAWN_MARGIN);
      expect(Number.isInteger(axis * 16)).toBe(true);
    }
  });
});

describe('spawn protection in the world', () => {
  test('a newcomer among four bigger players appears out of their reach', () => {
    const world = createWorld(11, { orbCount: 0 });
    for (const [i, at] of [
      [1000, 1000],
      [3000, 1000],
      [1000, 3000],
      [3000, 3000],
    ].entries()) {
      Object.assign(addPlayer(world, `big${i}`, 'big'), { mass: 300, x: at[0], y: at[1] });
    }
    const newcomer = addPlayer(world, 'new', 'new');
    expect(spawnClearance(newcomer, START_MASS, world.players.values())).toBeGreaterThanOrEqual(SPAWN_SAFE_DISTANCE);
  });

  test('cannot be eaten for the protection window from its first move, then can', () => {
    const world = createWorld(12, { orbCount: 0 });
    const pair = { prey: addPlayer(world, 'prey', 'prey'), hunter: addPlayer(world, 'hunter', 'hunter') };
    expect(pair.prey.shielded).toBe(true);
    expect(ticksShielded(world, pair, 0)).toBe(secondsToTicks(world.config, SPAWN_PROTECTION_SECONDS));
  });

  test('a newcomer who has not moved yet stays shielded: the window starts at its first move, up to the idle limit', () => {
    const shieldedWhenMovingFrom = (second: number) => {
      const world = createWorld(16, { orbCount: 0 });
      const pair = { prey: addPlayer(world, 'prey', 'prey'), hunter: addPlayer(world, 'hunter', 'hunter') };
      return ticksShielded(world, pair, secondsToTicks(world.config, second)) / world.config.tickHz;
    };
    expect(shieldedWhenMovingFrom(5)).toBe(5 + SPAWN_PROTECTION_SECONDS);
    expect(shieldedWhenMovingFrom(SPAWN_IDLE_PROTECTION_SECONDS - 1)).toBe(SPAWN_IDLE_PROTECTION_SECONDS);
    expect(shieldedWhenMovingFrom(Infinity)).toBe(SPAWN_IDLE_PROTECTION_SECONDS);
  });

  test('a respawned player is shielded again', () => {
    const world = createWorld(13, { orbCount: 0, respawnSeconds: 1 });
    const prey = addPlayer(world, 'prey', 'prey');
    const hunter = addPlayer(world, 'hunter', 'hunter');
    prey.shielded = false;
    sitOn(hunter, prey);
    stepTimes(world, 1);
    expect(prey.alive).toBe(false);
    stepTimes(world, secondsToTicks(world.config, 1));
    expect(prey).toMatchObject({ alive: true, shielded: true, spawnTick: world.tick - 1 });
    sitOn(hunter, prey);
    stepTimes(world, 1);
    expect(prey.alive).toBe(true);
  });

  test('protection ends early when the protected player eats someone', () => {
    const world = createWorld(14, { orbCount: 0 });
    const eater = addPlayer(world, 'eater', 'eater');
    const meal = addPlayer(world, 'meal', 'meal');
    const hunter = addPlayer(world, 'hunter', 'hunter');
    Object.assign(eater, { mass: 100 });
    Object.assign(meal, { mass: 10, x: eater.x, y: eater.y, shielded: false });
    Object.assign(hunter, { x: 200, y: 200 }); // far away for now
    stepTimes(world, 1);
    expect(meal.alive).toBe(false);
    expect(eater.shielded).toBe(false);
    expect(world.tick).toBeLessThan(eater.shieldUntilTick);
    sitOn(hunter, eater);
    expect(canEat(hunter, eater)).toBe(true);
    stepTimes(world, 1);
    expect(eater.alive).toBe(false);
  });

  test('spawns inside a smaller arena', () => {
    const world = createWorld(15, { orbCount: 0, arenaSize: 1500 });
    for (let i = 0; i < 5; i++) {
      const player = addPlayer(world, `p${i}`, 'p');
      expect(Math.max(player.x, player.y)).toBeLessThanOrEqual(1500 - SPAWN_MARGIN);
    }
  });
});

test('hypot2 gives exactly what Math.hypot gives (the spawn search must pick the same points)', () => {
  const coordinate = fc.oneof(
    fc.integer({ min: -8000 * 16, max: 8000 * 16 }).map((n) => n / 16), // positions on the POSITION_STEP grid
    fc.double({ noNaN: false }),
  );
  fc.assert(
    fc.property(coordinate, coordinate, (a, b) => {
      expect(Object.is(hypot2(a, b), Math.hypot(a, b))).toBe(true);
    }),
    { numRuns: 20_000 },
  );
  for (const [a, b] of [
    [0, 0],
    [-0, 3],
    [3, 4],
    [1e308, 1e308],
    [Infinity, NaN],
    [NaN, 1],
    [5e-324, 0],
    [-Infinity, 2],
  ] as const) {
    expect(Object.is(hypot2(a, b), Math.hypot(a, b))).toBe(true);
  }
});
