import { Encoder } from '@colyseus/schema';
import { ARENA_SIZE, ArenaState, addPlayer, createWorld } from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { syncLeaderboard } from '../src/rooms/projection.ts';

/** A minimap coordinate's step: 8 bits over the largest arena (LeaderEntry.x/y), units. */
const MAP_STEP = ARENA_SIZE / 255;

function setUp() {
  const world = createWorld(7);
  const state = new ArenaState();
  const encoder = new Encoder(state);
  const a = addPlayer(world, 'a', 'alice');
  const b = addPlayer(world, 'b', 'bob');
  Object.assign(a, { x: 500, y: 500, score: 20 });
  Object.assign(b, { x: 3000, y: 3000, score: 10 });
  syncLeaderboard(world, state, { positions: true });
  encoder.discardChanges();
  return { world, state, encoder, a, b };
}

describe("the leaderboard's minimap points", () => {
  test('stay put between position refreshes, so a ranking refresh of moving leaders sends no bytes', () => {
    const { world, state, encoder, a } = setUp();
    const [leader] = state.leaderboard;
    const before = { x: leader!.x, y: leader!.y };
    Object.assign(a, { x: 900, y: 700 });

    syncLeaderboard(world, state);
    expect({ x: leader!.x, y: leader!.y }).toEqual(before);
    expect(encoder.encode().byteLength).toBe(0);

    syncLeaderboard(world, state, { positions: true });
    expect(Math.abs(leader!.x - 900)).toBeLessThanOrEqual(MAP_STEP / 2);
    expect(Math.abs(leader!.y - 700)).toBeLessThanOrEqual(MAP_STEP / 2);
  });

  test("take the new player's position at once when an entry changes hands", () => {
    const { world, state, b } = setUp();
    b.score = 30;

    syncLeaderboard(world, state);

    const [leader] = state.leaderboard;
    expect(leader!.id).toBe('b');
    expect(Math.abs(leader!.x - 3000)).toBeLessThanOrEqual(MAP_STEP / 2);
    expect(Math.abs(leader!.y - 3000)).toBeLessThanOrEqual(MAP_STEP / 2);
  });
});
