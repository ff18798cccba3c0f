import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ARENA_GROW_PER_TICK,
  ARENA_SHRINK_PER_TICK,
  ARENA_SIZE,
  ARENA_SIZE_QUANTUM,
  MIN_ARENA_SIZE,
  MIN_ORB_COUNT,
  ORB_COUNT,
  ORB_WALL_MARGIN,
  TICK_HZ,
} from '../constants.ts';
import { MODES, worldConfigFor } from '../modes.ts';
import { buildKeyInput } from '../protocol/input.ts';
import { activeOrbCount, arenaSizeAfter, targetArenaSize } from './arena.ts';
import { radiusForMass } from './movement.ts';
import { stepWorld } from './step.ts';
import { addPlayer, createWorld, removePlayer, type World } from './world.ts';

// A global in Node and browsers; shared's tsconfig loads neither's type declarations.
declare const structuredClone: <T>(value: T) => T;

const CLASSIC = worldConfigFor(MODES.classic, { tickHz: TICK_HZ });

/** One entry of a room's command log: players arrive or leave, then the world steps. */
type Command = { kind: 'join'; count: number } | { kind: 'leave'; count: number } | { kind: 'steps'; count: number };

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('join' as const), count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('leave' as const), count: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('steps' as const), count: fc.integer({ min: 1, max: 400 }) }),
);

/** Every player pushes towards the far walls (the ones that move), so a shrink has someone to push. */
const TOWARDS_FAR_CORNER = buildKeyInput({ up: false, down: true, left: false, right: true });

/** Plays `commands` on a classic world; `check` runs after every step. Returns the world. */
function play(seed: number, commands: readonly Command[], check: (world: World, before: number) => void = () => {}) {
  const world = createWorld(seed, CLASSIC);
  let next = 0;
  for (const command of commands) {
    if (command.kind === 'join') {
      for (let i = 0; i < command.count && world.players.size < 60; i++) addPlayer(world, `p${next}`, `p${next++}`);
    } else if (command.kind === 'leave') {
      for (const id of [...world.players.keys()].slice(0, command.count)) removePlayer(world, id);
    } else {
      const inputs = new Map([...world.players.keys()].map((id) => [id, [TOWARDS_FAR_CORNER]]));
      for (let i = 0; i < command.count; i++) {
        const before = world.arena.size;
        stepWorld(world, inputs);
        check(world, before);
      }
    }
  }
  return world;
}

/** Throws unless every player's disc (dead ones: centre) and every orb in play lies inside the arena. */
function assertInside(world: World): void {
  const size = world.arena.size;
  for (const player of world.players.values()) {
    const radius = player.alive ? radiusForMass(player.mass) : 0;
    for (const axis of [player.x, player.y]) {
      if (axis < radius || axis > size - radius) throw new Error(`${player.id} at ${axis} is outside ${size}`);
    }
  }
  let inPlay = 0;
  for (const orb of world.orbs) {
    if (orb.cell < 0) continue;
    inPlay++;
    for (const axis of [orb.x, orb.y]) {
      if (axis < ORB_WALL_MARGIN || axis > size - ORB_WALL_MARGIN)
        throw new Error(`orb ${orb.id} at ${axis} is outside ${size}`);
    }
    if (!world.orbGrid[orb.cell]!.includes(orb.id)) throw new Error(`orb ${orb.id} is not filed in cell ${orb.cell}`);
  }
  if (inPlay !== activeOrbCount(world.config, size)) throw new Error(`${inPlay} orbs in play at side ${size}`);
}

describe('the arena grows and shrinks with its population', () => {
  test('keeps every player and orb inside through any sequence of joins, leaves and steps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.array(commandArbitrary, { maxLength: 12 }),
        (seed, commands) => {
          play(seed, commands, (world, before) => {
            const { size, target } = world.arena;
            if (size < CLASSIC.minArenaSize || size > CLASSIC.arenaSize) throw new Error(`side ${size} out of bounds`);
            if (size - before > ARENA_GROW_PER_TICK || before - size > ARENA_SHRINK_PER_TICK) {
              throw new Error(`the side jumped from ${before} to ${size}`);
            }
            if (target % ARENA_SIZE_QUANTUM !== 0 && target !== CLASSIC.arenaSize) throw new Error(`target ${target}`);
            assertInside(world);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  test('is deterministic: the same seed and command log give deep-equal worlds', () => {
    const commands: Command[] = [
      { kind: 'join', count: 40 },
      { kind: 'steps', count: 300 },
      { kind: 'leave', count: 35 },
      { kind: 'steps', count: 500 },
    ];
    expect(structuredClone(play(8, commands))).toEqual(structuredClone(play(8, commands)));
  });

  test('gives a room that fills at once its full side within ten seconds', () => {
    // A private room shared on a stream, or a server just started: 50 players spawn in the smallest
    // arena, several to a screen, until the walls have moved out.
    const burst = play(5, [
      { kind: 'join', count: 50 },
      { kind: 'steps', count: 10 * TICK_HZ },
    ]);
    expect(burst.arena.size).toBe(ARENA_SIZE);
  });

  test('reaches the full side at a full room and the smallest side when it empties, pushing players in', () => {
    const full = play(3, [
      { kind: 'join', count: 50 },
      { kind: 'steps', count: (ARENA_SIZE - MIN_ARENA_SIZE) / ARENA_GROW_PER_TICK + 1 },
    ]);
    expect(full.arena).toEqual({ size: ARENA_SIZE, target: ARENA_SIZE });
    // Pressed into the far corner of the full arena, the survivors are pushed in as the walls close.
    const survivors = [...full.players.values()].filter((player) => player.alive).slice(0, 3);
    expect(Math.max(...survivors.map((player) => player.x))).toBeGreaterThan(MIN_ARENA_SIZE);
    for (const id of [...full.players.keys()].slice(3)) removePlayer(full, id);
    const inputs = new Map([...full.players.keys()].map((id) => [id, [TOWARDS_FAR_CORNER]]));
    for (let tick = 0; tick < (ARENA_SIZE - MIN_ARENA_SIZE) / ARENA_SHRINK_PER_TICK + 1; tick++)
      stepWorld(full, inputs);
    expect(full.arena).toEqual({ size: MIN_ARENA_SIZE, target: MIN_ARENA_SIZE });
    assertInside(full);
  });
});

describe('orbs follow the area', () => {
  test.each([
    [1600, Math.round((ORB_COUNT * 1600 ** 2) / ARENA_SIZE ** 2)],
    [2800, Math.round((ORB_COUNT * 2800 ** 2) / ARENA_SIZE ** 2)],
    [ARENA_SIZE, ORB_COUNT],
  ])('a side of %i holds %i orbs (same density as the full arena)', (size, orbs) => {
    expect(activeOrbCount(CLASSIC, size)).toBe(orbs);
  });

  test.each([MIN_ARENA_SIZE, 1400])(
    'a side of %i holds the floor of MIN_ORB_COUNT, more than its density gives',
    (size) => {
      expect(Math.round((ORB_COUNT * size ** 2) / ARENA_SIZE ** 2)).toBeLessThan(MIN_ORB_COUNT);
      expect(activeOrbCount(CLASSIC, size)).toBe(MIN_ORB_COUNT);
    },
  );

  test('the floor never puts more orbs in play than the world has', () => {
    expect(activeOrbCount({ ...CLASSIC, orbCount: 20 }, MIN_ARENA_SIZE)).toBe(20);
  });

  test('a room that shrinks back to the smallest side keeps the floor in play', () => {
    const world = createWorld(6, CLASSIC);
    for (let i = 0; i < 30; i++) addPlayer(world, `p${i}`, `p${i}`);
    do stepWorld(world, new Map());
    while (world.arena.size < world.arena.target);
    expect(world.orbs.filter((orb) => orb.cell >= 0).length).toBeGreaterThan(MIN_ORB_COUNT);
    for (let i = 0; i < 30; i++) removePlayer(world, `p${i}`);
    while (world.arena.size > MIN_ARENA_SIZE) stepWorld(world, new Map());
    expect(world.orbs.filter((orb) => orb.cell >= 0)).toHaveLength(MIN_ORB_COUNT);
  });

  test('a new world has only what its smallest side holds in play', () => {
    const world = createWorld(4, CLASSIC);
    expect(world.arena.size).toBe(MIN_ARENA_SIZE);
    expect(world.orbs).toHaveLength(ORB_COUNT);
    expect(world.orbs.filter((orb) => orb.cell >= 0)).toHaveLength(activeOrbCount(CLASSIC, MIN_ARENA_SIZE));
  });
});

describe('targetArenaSize', () => {
  // The classic law, sqrt((players - 10) × 400,000) in steps of 200: pinned, since the bytes per client
  // across room sizes were measured with exactly these sides (BENCHMARKS.md).
  test.each([
    [0, 1200],
    [10, 1200],
    [13, 1200],
    [14, 1400],
    [20, 2000],
    [30, 3000],
    [40, 3600],
    [50, 4000],
    [200, 4000],
  ])('%i players in a new classic room head for a side of %i', (players, side) => {
    expect(targetArenaSize(CLASSIC, players, MIN_ARENA_SIZE)).toBe(side);
  });

  test.each([
    [1, 1000],
    [7, 1000],
    [8, 1200],
    [10, 1400],
    [12, 1600],
  ])('%i players in a new blitz room head for a side of %i (five free players)', (players, side) => {
    expect(targetArenaSize(MODES.blitz.world, players, MODES.blitz.world.minArenaSize)).toBe(side);
  });

  test('one player joining and leaving at a step edge does not move the walls back and forth', () => {
    for (let players = 8; players <= 50; players++) {
      const grown = targetArenaSize(CLASSIC, players, MIN_ARENA_SIZE);
      const afterLeave = targetArenaSize(CLASSIC, players - 1, grown);
      expect(targetArenaSize(CLASSIC, players, afterLeave)).toBe(grown);
      expect(afterLeave).toBe(grown);
    }
  });

  test('shrinks once the population needs two steps less', () => {
    expect(targetArenaSize(CLASSIC, 20, ARENA_SIZE)).toBe(2000);
    expect(targetArenaSize(CLASSIC, 10, ARENA_SIZE)).toBe(MIN_ARENA_SIZE);
    // 42 players need 3,578 (two steps below 4,000 and more): the walls head for 3,600; 43 need 3,633.
    expect(targetArenaSize(CLASSIC, 42, ARENA_SIZE)).toBe(3600);
    expect(targetArenaSize(CLASSIC, 43, ARENA_SIZE)).toBe(ARENA_SIZE);
    expect(targetArenaSize(CLASSIC, 45, ARENA_SIZE)).toBe(ARENA_SIZE);
  });

  test('a fixed arena (smallest side = largest) never moves', () => {
    const fixed = { ...CLASSIC, minArenaSize: ARENA_SIZE };
    for (const players of [0, 1, 25, 50]) expect(targetArenaSize(fixed, players, ARENA_SIZE)).toBe(ARENA_SIZE);
  });
});

describe('arenaSizeAfter', () => {
  test.for<[number, number, number, number]>([
    [1800, 2600, 1, 1800 + ARENA_GROW_PER_TICK],
    [1800, 2600, 10_000, 2600],
    [2600, 1800, 3, 2600 - 3 * ARENA_SHRINK_PER_TICK],
    [2600, 1800, 10_000, 1800],
    [2000, 2000, 5, 2000],
  ])('from %i towards %i after %i ticks is %i', ([size, target, ticks, expected]) => {
    expect(arenaSizeAfter(size, target, ticks)).toBe(expected);
  });
});
