import { describe, expect, test } from 'vitest';
import { TICK_HZ } from '../constants.ts';
import { DECAY_FLOOR_MASS, decayMass } from './decay.ts';
import { addPlayer, createWorld } from './world.ts';

function worldWithMasses(masses: number[], massDecayPerSecond = 0.02) {
  const world = createWorld(5, { massDecayPerSecond, rules: ['massDecay'], orbCount: 0 });
  masses.forEach((mass, i) => (addPlayer(world, `p${i}`, `p${i}`).mass = mass));
  return world;
}

describe('decayMass', () => {
  test.each([
    [1000, 980],
    [101, 98],
    [DECAY_FLOOR_MASS + 1, DECAY_FLOOR_MASS],
    [DECAY_FLOOR_MASS, DECAY_FLOOR_MASS],
    [10, 10],
  ])('once a second a player of mass %i shrinks to %i (2 %%, rounded up, never below the floor)', (from, to) => {
    const world = worldWithMasses([from]);
    decayMass(world);
    expect(world.players.get('p0')!.mass).toBe(to);
  });

  test('runs only on whole seconds of game time and only for live players', () => {
    const world = worldWithMasses([500, 500]);
    world.players.get('p1')!.alive = false;
    world.tick = TICK_HZ + 1;
    decayMass(world);
    expect(world.players.get('p0')!.mass).toBe(500);
    world.tick = TICK_HZ * 2;
    decayMass(world);
    expect(world.players.get('p0')!.mass).toBe(490);
    expect(world.players.get('p1')!.mass).toBe(500);
  });

  test('does nothing at a rate of 0, and keeps mass an integer and scores untouched', () => {
    const still = worldWithMasses([777], 0);
    decayMass(still);
    expect(still.players.get('p0')!.mass).toBe(777);
    const world = worldWithMasses([777], 0.013);
    const player = world.players.get('p0')!;
    player.score = 42;
    for (let second = 0; second < 50; second++, world.tick += TICK_HZ) decayMass(world);
    expect(Number.isInteger(player.mass)).toBe(true);
    expect(player.mass).toBeLessThan(777);
    expect(player.score).toBe(42);
  });
});
