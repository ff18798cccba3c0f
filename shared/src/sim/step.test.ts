import { beforeAll, describe, expect, test } from 'vitest';
import { ARENA_SIZE, POSITION_STEP, START_MASS } from '../constants.ts';
import { buildKeyInput, buildMoveInput, buildSteerInput } from '../protocol/input.ts';
import { radiusForMass, speedForMass, type MoveInput } from './movement.ts';
import { cellCoordinate, GRID_COLUMNS } from './orbs.ts';
import { nextRandom, randomBetween, type RandomSource } from './random.ts';
import { createStepEvents, stepWorld, type StepEvents } from './step.ts';
import { addPlayer, createWorld, type SimPlayer, type World, type WorldConfig } from './world.ts';

// A global in Node and browsers; shared's tsconfig loads neither's type declarations.
declare const structuredClone: <T>(value: T) => T;

/** Builds a world with `players` players of varied start masses (so some can eat others). */
function createScriptedWorld(seed: number, players: number, config: Partial<WorldConfig> = {}): World {
  const world = createWorld(seed, config);
  for (let i = 0; i < players; i++) {
    const player = addPlayer(world, `p${i}`, `player ${i}`);
    player.mass = START_MASS + ((i * 7) % 40);
  }
  return world;
}

function nearestOther(world: World, player: SimPlayer): SimPlayer | undefined {
  let best: SimPlayer | undefined;
  let bestDistance = Infinity;
  for (const other of world.players.values()) {
    if (other === player || !other.alive) continue;
    const distance = (other.x - player.x) ** 2 + (other.y - player.y) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [other, distance];
  }
  return best;
}

/** Hostile axes a buggy or malicious client might send; the sim must clamp or ignore them. */
const GARBAGE_AXES = [1000, -1000, NaN, Infinity, -Infinity, 63.5, 127, -127, 0];

/**
 * One step of scripted inputs, drawn from `driver` (never from the world's own generator). Players
 * take one of four roles by join order: chase the nearest player, wander, push into the nearest
 * walls, or send garbage axes.
 */
function scriptInputs(world: World, driver: RandomSource): Map<string, MoveInput[]> {
  const inputs = new Map<string, MoveInput[]>();
  for (const player of world.players.values()) {
    let input: MoveInput;
    switch (player.joinOrder % 4) {
      case 0: {
        const target = nearestOther(world, player);
        input = target ? buildSteerInput(player, target) : { x: 0, y: 0 };
        break;
      }
      case 1:
        input = buildMoveInput(randomBetween(driver, -1.5, 1.5), randomBetween(driver, -1.5, 1.5));
        break;
      case 2: {
        const right = player.x > ARENA_SIZE / 2;
        const down = player.y > ARENA_SIZE / 2;
        input = buildKeyInput({ up: !down, down, left: !right, right });
        break;
      }
      default: {
        const pick = () => GARBAGE_AXES[Math.floor(nextRandom(driver) * GARBAGE_AXES.length)]!;
        input = { x: pick(), y: pick() };
      }
    }
    inputs.set(player.id, [input]);
  }
  return inputs;
}

/** Runs `steps` scripted steps; `onStep` sees the world before (a clone) and after each step. */
function runScript(
  world: World,
  steps: number,
  onStep?: (before: World, after: World, events: StepEvents) => void,
): StepEvents[] {
  const driver: RandomSource = { rng: world.rng ^ 0x5eed };
  const log: StepEvents[] = [];
  for (let i = 0; i < steps; i++) {
    const before = onStep ? structuredClone(world) : world;
    const events = stepWorld(world, scriptInputs(world, driver));
    onStep?.(before, world, events);
    log.push(events);
  }
  return log;
}

const isOnGrid = (value: number) => Number.isInteger(value / POSITION_STEP);

describe('determinism', () => {
  test('the same seed and the same inputs give deep-equal worlds and events', () => {
    const a = createScriptedWorld(42, 5);
    const b = createScriptedWorld(42, 5);
    const eventsA = runScript(a, 300);
    const eventsB = runScript(b, 300);
    expect(b).toEqual(a);
    expect(eventsB).toEqual(eventsA);
    // The comparison means something only if the run changed the world.
    expect(a.tick).toBe(300);
    expect([...a.players.values()].some((player) => player.score > 0)).toBe(true);
  });

  test('a structured clone taken mid-run continues exactly like the original', () => {
    const original = createScriptedWorld(7, 5);
    runScript(original, 150);
    const copy = structuredClone(original);
    runScript(original, 150);
    runScript(copy, 150);
    expect(copy).toEqual(original);
  });

  test.each([
    [1, 2],
    [42, 43],
    [0, 0xffffffff],
  ])('seeds %d and %d give different worlds', (seedA, seedB) => {
    const a = createScriptedWorld(seedA, 5);
    const b = createScriptedWorld(seedB, 5);
    runScript(a, 300);
    runScript(b, 300);
    expect(b).not.toEqual(a);
    expect(b.orbs).not.toEqual(a.orbs);
  });
});

describe('invariants over a long run with many players', () => {
  const violations: string[] = [];
  const seen = { kills: 0, orbsEaten: 0, roundsStarted: 0 };

  beforeAll(() => {
    const world = createScriptedWorld(2024, 40, { matchSeconds: 20, resultsSeconds: 2, respawnSeconds: 1 });
    const orbCount = world.orbs.length;
    const check = (ok: boolean, what: string) => {
      if (!ok && violations.length < 20) violations.push(`tick ${world.tick}: ${what}`);
    };
    runScript(world, 2400, (before, after, events) => {
      seen.kills += events.kills.length;
      seen.orbsEaten += events.movedOrbs.length;
      if (events.roundStarted) seen.roundsStarted++;
      for (const player of after.players.values()) {
        check(player.score >= 0 && Number.isInteger(player.score), `${player.id} score ${player.score}`);
        if (!player.alive) continue;
        const radius = radiusForMass(player.mass);
        for (const axis of [player.x, player.y]) {
          check(axis >= radius && axis <= ARENA_SIZE - radius, `${player.id} disc (r ${radius}) leaves at ${axis}`);
          check(isOnGrid(axis), `${player.id} off the position grid at ${axis}`);
        }
        const prior = before.players.get(player.id);
        if (!prior?.alive || events.roundStarted) continue; // a respawn teleports
        // Growing against a wall pushes the disc back inside by up to the radius gained, per axis.
        const push = Math.SQRT2 * (radius - radiusForMass(prior.mass));
        const limit = speedForMass(prior.mass) / after.config.tickHz + POSITION_STEP + push;
        const moved = Math.hypot(player.x - prior.x, player.y - prior.y);
        check(moved <= limit, `${player.id} moved ${moved} > ${limit}`);
      }
      check(after.orbs.length === orbCount, `orb count ${after.orbs.length}`);
      const filed = new Map<number, number>();
      after.orbGrid.forEach((ids, cell) => ids.forEach((id) => filed.set(id, filed.has(id) ? -1 : cell)));
      for (const orb of after.orbs) {
        const cell = cellCoordinate(orb.y) * GRID_COLUMNS + cellCoordinate(orb.x);
        check(
          orb.cell === cell && filed.get(orb.id) === cell,
          `orb ${orb.id} filed in ${filed.get(orb.id)}, not ${cell}`,
        );
        check(isOnGrid(orb.x) && isOnGrid(orb.y), `orb ${orb.id} off the position grid`);
      }
      check(filed.size === orbCount, `${filed.size} orbs filed in the grid`);
    });
  }, 120_000); // 2,400 steps with 40 players, each cloned for the before/after check: heavy on a busy machine

  test('the run exercises eating, kills and round changes', () => {
    expect(seen.orbsEaten).toBeGreaterThan(50);
    expect(seen.kills).toBeGreaterThan(5);
    expect(seen.roundsStarted).toBeGreaterThanOrEqual(2);
  });

  test('live discs stay inside the arena and on the grid, within their speed; scores stay >= 0; orbs stay filed', () => {
    expect(violations).toEqual([]);
  });
});

test('a reused StepEvents gives the same worlds and events as a fresh one each step', () => {
  const fresh = createWorld(99);
  const reused = createWorld(99);
  const events = createStepEvents();
  for (const world of [fresh, reused]) for (let i = 0; i < 12; i++) addPlayer(world, `p${i}`, `p${i}`);
  for (let n = 0; n < 900; n++) {
    const inputs = new Map(
      [...fresh.players.keys()].map((id, i) => [id, [buildMoveInput(Math.cos(n / 50 + i), Math.sin(n / 40 + i))]]),
    );
    const expected = stepWorld(fresh, inputs);
    const got = stepWorld(reused, inputs, events);
    expect(got).toBe(events);
    expect(got).toEqual(expected);
  }
  expect(reused).toEqual(fresh);
});
