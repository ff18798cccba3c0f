import { describe, expect, test } from 'vitest';
import { EAT_MASS_RATIO, KILL_SCORE, MAX_MASS } from '../constants.ts';
import { canEat, resolveKills } from './combat.ts';
import { radiusForMass } from './movement.ts';
import type { SimPlayer } from './world.ts';

let nextJoin = 0;
function player(id: string, mass: number, fields: Partial<SimPlayer> = {}): SimPlayer {
  return {
    id,
    name: id,
    x: 2000,
    y: 2000,
    mass,
    score: 0,
    alive: true,
    respawnTick: 0,
    joinOrder: nextJoin++,
    spawnTick: 0,
    shielded: false,
    shieldUntilTick: 0,
    bot: false,
    ...fields,
  };
}

/** Reach of a 125-mass eater over a 100-mass prey: eater radius minus half the prey radius. */
const REACH = radiusForMass(125) - radiusForMass(100) / 2;

describe('canEat', () => {
  test.each([
    { why: 'exactly the mass ratio heavier', eaterMass: 100 * EAT_MASS_RATIO, preyMass: 100, distance: 0, eats: true },
    { why: 'just under the ratio', eaterMass: 100 * EAT_MASS_RATIO - 1, preyMass: 100, distance: 0, eats: false },
    { why: 'equal masses', eaterMass: 100, preyMass: 100, distance: 0, eats: false },
    { why: 'lighter', eaterMass: 50, preyMass: 100, distance: 0, eats: false },
    { why: 'prey centre just inside the reach', eaterMass: 125, preyMass: 100, distance: REACH - 0.1, eats: true },
    { why: 'prey centre on the reach', eaterMass: 125, preyMass: 100, distance: REACH, eats: false },
    { why: 'discs overlap, prey centre too far out', eaterMass: 125, preyMass: 100, distance: REACH + 5, eats: false },
    { why: 'much heavier, far away', eaterMass: 4000, preyMass: 10, distance: 1000, eats: false },
  ])('$why: eats is $eats', ({ eaterMass, preyMass, distance, eats }) => {
    // From x = 0 so the distance is exact, not rounded by a subtraction.
    const eater = player('eater', eaterMass, { x: 0 });
    const prey = player('prey', preyMass, { x: distance });
    expect(canEat(eater, prey)).toBe(eats);
  });

  test.each([
    ['the eater is dead', { alive: false }, {}],
    ['the prey is dead', {}, { alive: false }],
  ])('nothing is eaten when %s', (_, eaterFields, preyFields) => {
    expect(canEat(player('eater', 400, eaterFields), player('prey', 10, preyFields))).toBe(false);
  });
});

describe('resolveKills', () => {
  test('the eater gains half the prey mass and KILL_SCORE plus half its mass; the prey dies keeping its score', () => {
    const eater = player('eater', 200, { score: 5 });
    const prey = player('prey', 61, { score: 17, x: 2010 });
    const kills = resolveKills([eater, prey], 123);
    const points = KILL_SCORE + 30;
    expect(kills).toEqual([{ eaterId: 'eater', preyId: 'prey', points }]);
    expect(eater).toMatchObject({ mass: 230, score: 5 + points, alive: true });
    expect(prey).toMatchObject({ alive: false, respawnTick: 123, score: 17 });
  });

  test.each([10, 57, 1000, MAX_MASS])('two players of equal mass %d never eat each other', (mass) => {
    const a = player('a', mass);
    const b = player('b', mass);
    expect(resolveKills([a, b], 9)).toEqual([]);
    expect(a.alive && b.alive).toBe(true);
    expect(a.score + b.score).toBe(0);
  });

  test('mass gained from a kill stops at MAX_MASS', () => {
    const eater = player('eater', MAX_MASS - 5);
    const prey = player('prey', 1000);
    resolveKills([eater, prey], 1);
    expect(eater.mass).toBe(MAX_MASS);
    expect(prey.alive).toBe(false);
  });

  test('a player eaten in a step eats nothing after it', () => {
    // On a line: big reaches middle (20 away) but not small (47 away); middle alone would eat small.
    const line = () => [player('big', 200), player('middle', 150, { x: 2020 }), player('small', 100, { x: 2047 })];
    const [big, middle, small] = line();
    const kills = resolveKills([big!, middle!, small!], 1);
    expect(kills.map(({ eaterId, preyId }) => `${eaterId}>${preyId}`)).toEqual(['big>middle']);
    expect(small!.alive).toBe(true);
    expect(middle!.score).toBe(0);
    const [, aloneMiddle, aloneSmall] = line();
    expect(resolveKills([aloneMiddle!, aloneSmall!], 1)).toHaveLength(1);
  });

  test('one eater can take several prey in a step, growing between them', () => {
    const eater = player('eater', 100);
    const prey = [player('p1', 20, { x: 2005 }), player('p2', 30, { y: 1995 })];
    const kills = resolveKills([eater, ...prey], 1);
    expect(kills).toHaveLength(2);
    expect(eater.mass).toBe(100 + 10 + 15);
    expect(eater.score).toBe(KILL_SCORE + 10 + KILL_SCORE + 15);
  });

  test('dead players take part in nothing', () => {
    const ghost = player('ghost', 500, { alive: false });
    const prey = player('prey', 10);
    expect(resolveKills([ghost, prey], 1)).toEqual([]);
    expect(prey.alive).toBe(true);
  });
});
