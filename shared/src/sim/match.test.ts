import { describe, expect, test } from 'vitest';
import { ARENA_SIZE, KILL_SCORE, START_MASS } from '../constants.ts';
import { radiusForMass, type MoveInput } from './movement.ts';
import { stepWorld, secondsLeft, type StepEvents } from './step.ts';
import { addPlayer, createWorld, secondsToTicks, type World, type WorldConfig } from './world.ts';

const NO_INPUT = new Map<string, MoveInput[]>();

function stepTimes(world: World, times: number, inputs = NO_INPUT): StepEvents[] {
  return Array.from({ length: times }, () => stepWorld(world, inputs));
}

/** A world (no orbs, so nothing else scores) where `eater` has just eaten `prey`, who had 9 points. */
function worldAfterKill(config: Partial<WorldConfig>) {
  const world = createWorld(77, { orbCount: 0, ...config });
  const eater = addPlayer(world, 'eater', 'Eater');
  const prey = addPlayer(world, 'prey', 'Prey');
  Object.assign(eater, { mass: 400 });
  Object.assign(prey, { mass: 50, score: 9, x: eater.x, y: eater.y, shielded: false });
  const [events] = stepTimes(world, 1);
  expect(events!.kills).toEqual([{ eaterId: 'eater', preyId: 'prey', points: KILL_SCORE + 25 }]);
  return { world, eater, prey };
}

describe('respawn', () => {
  test.each([
    { respawnSeconds: 1, tickHz: 30 },
    { respawnSeconds: 3, tickHz: 30 },
    { respawnSeconds: 3, tickHz: 20 },
    { respawnSeconds: 0.5, tickHz: 60 },
  ])('an eaten player is back after $respawnSeconds s of $tickHz Hz ticks, at START_MASS, score kept', (config) => {
    const { world, prey } = worldAfterKill(config);
    const ticks = secondsToTicks(world.config, config.respawnSeconds);
    const pushing = new Map([['prey', [{ x: 127, y: 127 }]]]);
    const deadAt = { x: prey.x, y: prey.y };
    stepTimes(world, ticks - 1, pushing);
    expect(prey).toMatchObject({ alive: false, score: 9, ...deadAt });
    stepTimes(world, 1, pushing);
    expect(prey).toMatchObject({ alive: true, mass: START_MASS, score: 9 });
    const radius = radiusForMass(START_MASS);
    for (const axis of [prey.x, prey.y]) {
      expect(axis).toBeGreaterThanOrEqual(radius);
      expect(axis).toBeLessThanOrEqual(ARENA_SIZE - radius);
    }
  });

  test('the eater keeps what it gained while its prey is away', () => {
    const { world, eater } = worldAfterKill({ respawnSeconds: 1 });
    stepTimes(world, 30);
    expect(eater).toMatchObject({ alive: true, mass: 425, score: KILL_SCORE + 25 });
  });
});

describe('match clock', () => {
  const config = { matchSeconds: 2, resultsSeconds: 1, tickHz: 30 };

  test('a round runs playing -> results -> playing, announcing each change once', () => {
    const world = createWorld(5, config);
    const players = ['a', 'b', 'c'].map((id) => addPlayer(world, id, id));
    const events = stepTimes(world, 60);
    expect(events.map((e) => e.roundEnded)).toEqual([...Array<boolean>(59).fill(false), true]);
    expect(events.some((e) => e.roundStarted)).toBe(false);
    expect(world.match).toMatchObject({ phase: 'results', round: 1 });

    players[0]!.score = 12;
    Object.assign(players[1]!, { alive: false, respawnTick: 1_000_000, score: 4 });
    const results = stepTimes(world, 30);
    expect(results.map((e) => e.roundStarted)).toEqual([...Array<boolean>(29).fill(false), true]);
    expect(results.some((e) => e.roundEnded)).toBe(false);
    expect(world.match).toMatchObject({ phase: 'playing', round: 2 });
    for (const player of players) expect(player).toMatchObject({ score: 0, alive: true, mass: START_MASS });
  });

  test('the next rounds keep the same rhythm', () => {
    const world = createWorld(5, config);
    const events = stepTimes(world, 90 * 3);
    const ended = events.flatMap((e, i) => (e.roundEnded ? [i + 1] : []));
    const started = events.flatMap((e, i) => (e.roundStarted ? [i + 1] : []));
    expect(ended).toEqual([60, 150, 240]);
    expect(started).toEqual([90, 180, 270]);
    expect(world.match.round).toBe(4);
  });

  test('nothing scores during results, though players still move', () => {
    const world = createWorld(5, config);
    const big = addPlayer(world, 'big', 'Big');
    const small = addPlayer(world, 'small', 'Small');
    stepTimes(world, 60);
    expect(world.match.phase).toBe('results');

    const orb = world.orbs[0]!;
    const orbAt = { x: orb.x, y: orb.y };
    Object.assign(big, { mass: 400, score: 3, x: orb.x, y: orb.y });
    Object.assign(small, { mass: 10, score: 2, x: orb.x, y: orb.y });
    const [events] = stepTimes(world, 1, new Map([['small', [{ x: 127, y: 0 }]]]));
    expect(events).toMatchObject({ movedOrbs: [], kills: [] });
    expect(orb).toMatchObject(orbAt);
    expect(big).toMatchObject({ mass: 400, score: 3, alive: true });
    expect(small).toMatchObject({ mass: 10, score: 2, alive: true });
    expect(small.x).toBeGreaterThan(orbAt.x);

    // The same scene while playing does score: the check above is not vacuous.
    stepTimes(world, 29);
    expect(world.match.phase).toBe('playing');
    Object.assign(big, { mass: 400, x: orb.x, y: orb.y });
    Object.assign(small, { mass: 10, x: orb.x, y: orb.y, shielded: false });
    const [playing] = stepTimes(world, 1);
    expect(playing!.kills).toHaveLength(1);
    expect(playing!.movedOrbs).toContain(orb);
  });

  test.each([
    [0, 2],
    [1, 2],
    [29, 2],
    [30, 1],
    [59, 1],
    [60, 1],
    [89, 1],
    [90, 2],
  ])('after %d ticks, secondsLeft is %d', (ticks, expected) => {
    const world = createWorld(1, { ...config, orbCount: 0 });
    stepTimes(world, ticks);
    expect(secondsLeft(world)).toBe(expected);
  });

  test.each([
    [{ tickHz: 30 }, 3, 90],
    [{ tickHz: 20 }, 0.5, 10],
    [{ tickHz: 30 }, 0, 1],
    [{ tickHz: 30 }, 0.001, 1],
  ])('secondsToTicks(%o, %d) is %d', (config, seconds, ticks) => {
    expect(secondsToTicks({ ...createWorld(1, { orbCount: 0 }).config, ...config }, seconds)).toBe(ticks);
  });
});
