import { describe, expect, test } from 'vitest';
import { ARENA_SIZE, MIN_ARENA_SIZE, MIN_ORB_COUNT, POSITION_MAX, TICK_HZ } from './constants.ts';
import { DEFAULT_MODE, MODE_LIST, MODES, isModeId, worldConfigFor } from './modes.ts';
import { buildKeyInput } from './protocol/input.ts';
import { radiusForMass } from './sim/movement.ts';
import { STEP_RULES } from './sim/rules.ts';
import { stepWorld } from './sim/step.ts';
import { addPlayer, createWorld, DEFAULT_WORLD_CONFIG } from './sim/world.ts';

// A global in Node and browsers; shared's tsconfig loads neither's type declarations.
declare const structuredClone: <T>(value: T) => T;

describe('the mode registry', () => {
  test.each(MODE_LIST.map((mode) => [mode.id, mode] as const))('%s is well formed', (id, mode) => {
    expect(mode.id).toBe(id);
    expect(isModeId(id)).toBe(true);
    expect(mode.world.arenaSize).toBeLessThanOrEqual(Math.min(ARENA_SIZE, POSITION_MAX));
    expect(mode.maxPlayers).toBeGreaterThan(0);
    for (const rule of mode.world.rules) expect(Object.keys(STEP_RULES)).toContain(rule);
  });

  test('classic keeps the rules the game had before modes, on an arena that grows from MIN_ARENA_SIZE with a floor on orbs', () => {
    const config = worldConfigFor(MODES.classic, { tickHz: TICK_HZ });
    expect(config).toEqual({ ...DEFAULT_WORLD_CONFIG, minArenaSize: MIN_ARENA_SIZE, minOrbCount: MIN_ORB_COUNT });
    expect(DEFAULT_MODE).toBe('classic');
  });

  test('blitz is a small 12-player arena with 2-minute rounds and mass decay', () => {
    expect(MODES.blitz.maxPlayers).toBe(12);
    const config = worldConfigFor(MODES.blitz, { tickHz: TICK_HZ });
    expect(config).toMatchObject({ arenaSize: 1600, matchSeconds: 120, rules: ['massDecay'] });
    expect(config.massDecayPerSecond).toBeGreaterThan(0);
  });

  test('a private round length replaces the mode default', () => {
    expect(worldConfigFor(MODES.blitz, { tickHz: 20, matchSeconds: 45 })).toMatchObject({
      tickHz: 20,
      matchSeconds: 45,
    });
  });

  test('unknown ids are not modes', () => {
    for (const id of ['', 'CLASSIC', 'toString', '__proto__', 7, null]) expect(isModeId(id)).toBe(false);
  });
});

describe('a blitz world', () => {
  function playBlitz(seed: number) {
    const world = createWorld(seed, worldConfigFor(MODES.blitz, { tickHz: TICK_HZ }));
    for (let i = 0; i < 12; i++) addPlayer(world, `p${i}`, `p${i}`).mass = 60 + i * 10;
    const pushes = [
      buildKeyInput({ up: false, down: true, left: false, right: true }),
      buildKeyInput({ up: true, down: false, left: true, right: false }),
    ];
    for (let tick = 0; tick < TICK_HZ * 20; tick++) {
      const inputs = new Map([...world.players.keys()].map((id, i) => [id, [pushes[(i + (tick >> 6)) % 2]!]]));
      stepWorld(world, inputs);
    }
    return world;
  }

  test('keeps every player disc and orb inside its 1600-unit arena, and big players shrink', () => {
    const world = playBlitz(11);
    for (const player of world.players.values()) {
      const radius = radiusForMass(player.mass);
      for (const axis of [player.x, player.y]) {
        expect(axis).toBeGreaterThanOrEqual(radius);
        expect(axis).toBeLessThanOrEqual(1600 - radius);
      }
    }
    for (const orb of world.orbs) expect(Math.max(orb.x, orb.y)).toBeLessThanOrEqual(1600 - 20);
    expect(world.orbs).toHaveLength(MODES.blitz.world.orbCount);
    expect(world.players.get('p11')!.mass).toBeLessThan(60 + 11 * 10);
  });

  test('is deterministic: the same seed and inputs give deep-equal worlds', () => {
    expect(structuredClone(playBlitz(3))).toEqual(structuredClone(playBlitz(3)));
  });
});
