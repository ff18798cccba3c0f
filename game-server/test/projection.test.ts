import { Encoder } from '@colyseus/schema';
import {
  ARENA_SIZE,
  ArenaState,
  LEADERBOARD_SIZE,
  addPlayer,
  createWorld,
  leadersByRank,
  rankPlayers,
  removePlayer,
} from '@orb-arena/shared';
import fc from 'fast-check';
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
    const [leader] = leadersByRank(state.leaderboard);
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

    const [leader] = leadersByRank(state.leaderboard);
    expect(leader!.id).toBe('b');
    expect(Math.abs(leader!.x - 3000)).toBeLessThanOrEqual(MAP_STEP / 2);
    expect(Math.abs(leader!.y - 3000)).toBeLessThanOrEqual(MAP_STEP / 2);
  });
});

describe('the live leaderboard', () => {
  test('leaders passing each other keep their entries: ranks and scores change, no id or name is resent', () => {
    const { world, state, encoder, b } = setUp();
    const entryOfA = state.leaderboard.find((entry) => entry.id === 'a')!;
    const entryOfB = state.leaderboard.find((entry) => entry.id === 'b')!;
    b.score = 30;

    syncLeaderboard(world, state);

    expect([entryOfA.id, entryOfA.rank, entryOfB.id, entryOfB.rank]).toEqual(['a', 2, 'b', 1]);
    expect(leadersByRank(state.leaderboard).map((entry) => entry.id)).toEqual(['b', 'a']);
    const patch = Buffer.from(encoder.encode());
    expect(patch.length).toBeGreaterThan(0);
    for (const text of ['alice', 'bob']) expect(patch.includes(text)).toBe(false);
  });

  test('after any run of scores, joins and leaves, the board is the ranking: top ids in rank order, ranks 1..n', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('score' as const), who: fc.nat(), score: fc.nat({ max: 50 }) }),
      fc.record({ kind: fc.constant('join' as const) }),
      fc.record({ kind: fc.constant('leave' as const), who: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const world = createWorld(3);
        const state = new ArenaState();
        new Encoder(state);
        let next = 0;
        for (const action of steps) {
          const ids = [...world.players.keys()];
          if (action.kind === 'join') addPlayer(world, `p${next}`, `player ${next++}`);
          else if (ids.length > 0 && action.kind === 'leave') removePlayer(world, ids[action.who % ids.length]!);
          else if (ids.length > 0 && action.kind === 'score')
            world.players.get(ids[action.who % ids.length]!)!.score = action.score;
          syncLeaderboard(world, state);
          const leaders = rankPlayers(world.players.values()).slice(0, LEADERBOARD_SIZE);
          const board = leadersByRank(state.leaderboard);
          expect(board.map((entry) => [entry.id, entry.name, entry.score])).toEqual(
            leaders.map((player) => [player.id, player.name, player.score]),
          );
          expect(board.map((entry) => entry.rank)).toEqual(leaders.map((_, index) => index + 1));
        }
      }),
      { numRuns: 100 },
    );
  });
});
