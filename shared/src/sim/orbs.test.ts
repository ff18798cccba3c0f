import { describe, expect, test } from 'vitest';
import { ARENA_SIZE, MAX_MASS, START_MASS } from '../constants.ts';
import { radiusForMass } from './movement.ts';
import { cellCoordinate, eatOrbs, forEachOrbIdInRect, GRID_CELL, GRID_COLUMNS, placeOrb, type SimOrb } from './orbs.ts';
import { createWorld, type World } from './world.ts';

const cellOf = (orb: { x: number; y: number }) => cellCoordinate(orb.y) * GRID_COLUMNS + cellCoordinate(orb.x);

/** Every orb is filed once, in the cell of its position, and nothing else is filed. */
function expectGridConsistent(world: World): void {
  const filed = world.orbGrid.flatMap((ids, cell) => ids.map((id) => ({ id, cell })));
  expect(filed).toHaveLength(world.orbs.length);
  expect(new Set(filed.map(({ id }) => id)).size).toBe(world.orbs.length);
  for (const { id, cell } of filed) {
    expect(world.orbs[id]!.cell).toBe(cell);
    expect(cellOf(world.orbs[id]!)).toBe(cell);
  }
}

/** A player sitting `offset` units to the right of `orb`. */
function playerBeside(orb: SimOrb, offset: number, mass = START_MASS) {
  return { x: orb.x + offset, y: orb.y, mass, score: 3 };
}

describe('eatOrbs', () => {
  const radius = radiusForMass(START_MASS);

  test.each([
    { where: 'on the centre', offset: 0, eaten: true },
    { where: 'just inside the disc', offset: radius - 0.01, eaten: true },
    { where: 'just outside the rim', offset: radius + 0.01, eaten: false },
    { where: 'overlapping the disc but centred outside', offset: radius + 2, eaten: false },
    { where: 'far away', offset: 500, eaten: false },
  ])('an orb $where is eaten: $eaten', ({ offset, eaten }) => {
    const world = createWorld(5, { orbCount: 1 });
    const orb = world.orbs[0]!;
    const before = { x: orb.x, y: orb.y };
    const player = playerBeside(orb, offset);
    const moved = eatOrbs(world, player);
    expect(moved).toEqual(eaten ? [orb] : []);
    expect(player.mass).toBe(START_MASS + (eaten ? 1 : 0));
    expect(player.score).toBe(3 + (eaten ? 1 : 0));
    expect(orb.x !== before.x || orb.y !== before.y).toBe(eaten);
    expect(world.orbs).toHaveLength(1);
    expectGridConsistent(world);
  });

  test('an eaten orb reappears elsewhere, inside the arena and filed in its new cell', () => {
    const world = createWorld(11, { orbCount: 50 });
    for (let i = 0; i < 200; i++) {
      const orb = world.orbs[i % 50]!;
      const before = { x: orb.x, y: orb.y };
      expect(eatOrbs(world, playerBeside(orb, 0))).toContain(orb);
      expect(orb).not.toMatchObject(before);
      expect(orb.x).toBeGreaterThanOrEqual(20);
      expect(orb.y).toBeLessThanOrEqual(ARENA_SIZE - 20);
    }
    expect(world.orbs).toHaveLength(50);
    expectGridConsistent(world);
  });

  test('a player eats every orb inside its disc in one call, one mass and point each', () => {
    const world = createWorld(3, { orbCount: 400 });
    const player = { x: 2000, y: 2000, mass: 2000, score: 0 };
    const r = radiusForMass(player.mass);
    const inside = world.orbs.filter((orb) => (orb.x - 2000) ** 2 + (orb.y - 2000) ** 2 < r * r).map((orb) => orb.id);
    expect(inside.length).toBeGreaterThan(0);
    const moved = eatOrbs(world, player).map((orb) => orb.id);
    expect(moved.sort((a, b) => a - b)).toEqual(inside.sort((a, b) => a - b));
    expect(player.mass).toBe(2000 + inside.length);
    expect(player.score).toBe(inside.length);
    expectGridConsistent(world);
  });

  test('mass stops at MAX_MASS while the score still counts', () => {
    const world = createWorld(5, { orbCount: 1 });
    const player = playerBeside(world.orbs[0]!, 0, MAX_MASS);
    eatOrbs(world, player);
    expect(player.mass).toBe(MAX_MASS);
    expect(player.score).toBe(4);
  });
});

describe('orb grid', () => {
  test('a new world files every orb in the cell of its position', () => {
    expectGridConsistent(createWorld(99));
  });

  test('placeOrb re-files a moved orb and removes it from its old cell', () => {
    const world = createWorld(8, { orbCount: 30 });
    for (let i = 0; i < 300; i++) placeOrb(world, world.orbs[(i * 7) % 30]!);
    expectGridConsistent(world);
  });

  test.each([
    [-50, 0],
    [0, 0],
    [GRID_CELL - 0.0625, 0],
    [GRID_CELL, 1],
    [ARENA_SIZE / 2, GRID_COLUMNS / 2],
    [ARENA_SIZE, GRID_COLUMNS - 1],
    [4100, GRID_COLUMNS - 1],
  ])('cellCoordinate(%d) is column %d, clamped into the grid', (value, column) => {
    expect(cellCoordinate(value)).toBe(column);
  });

  test('forEachOrbIdInRect visits every orb inside the rectangle, each once', () => {
    const world = createWorld(21);
    const rect = { x0: 700, y0: 1500, x1: 1900, y1: 2300 };
    const visited: number[] = [];
    forEachOrbIdInRect(world.orbGrid, rect, (id) => visited.push(id));
    expect(new Set(visited).size).toBe(visited.length);
    const inside = world.orbs.filter((o) => o.x >= rect.x0 && o.x <= rect.x1 && o.y >= rect.y0 && o.y <= rect.y1);
    expect(inside.length).toBeGreaterThan(0);
    for (const orb of inside) expect(visited).toContain(orb.id);
  });
});
