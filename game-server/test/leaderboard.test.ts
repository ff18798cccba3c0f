import { ServerMessage, type RoundResults, leadersByRank } from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import {
  leaderboardIds,
  ownPlayer,
  useTestServer,
  steerToNearestOrb,
  waitForMessage,
  waitForOwnPlayer,
  waitForState,
  whileDriving,
} from './harness.ts';

// A fixed seed places the orbs and spawn points the same way on every run; with this one the first
// two players of a room spawn in each other's view.
const server = useTestServer({ settings: { seed: 28 } });

describe('live leaderboard', () => {
  test('reorders when a later player outscores an earlier one, and updates both own ranks', async () => {
    const first = await server.join({ name: 'first' });
    const second = await server.join({ name: 'second' });
    await waitForOwnPlayer(second);

    // Ties go to whoever joined first.
    expect(await waitForState(first, leaderboardIds, (ids) => ids.length === 2)).toEqual([
      first.sessionId,
      second.sessionId,
    ]);
    expect(
      await waitForState(
        second,
        () => ownPlayer(second)?.rank,
        (rank) => rank !== undefined,
      ),
    ).toBe(2);
    expect(ownPlayer(first)?.rank).toBe(1);

    // The second player eats orbs until it leads; the first stands still.
    const flipped = waitForState(first, leaderboardIds, (ids) => ids[0] === second.sessionId);
    const ids = await whileDriving(second, steerToNearestOrb(second), flipped);

    expect(ids).toEqual([second.sessionId, first.sessionId]);
    const [leader, runnerUp] = leadersByRank(first.state.leaderboard).map((entry) => entry.toJSON());
    expect(leader).toMatchObject({ id: second.sessionId, name: 'second' });
    expect(leader!.score).toBeGreaterThan(runnerUp!.score);
    await waitForState(
      second,
      () => ownPlayer(second)?.rank,
      (rank) => rank === 1,
    );
    await waitForState(
      first,
      () => ownPlayer(first)?.rank,
      (rank) => rank === 2,
    );
    // The owner-only score matches the public entry once both have been synced.
    const score = await waitForState(
      second,
      () => ownPlayer(second)?.score ?? 0,
      (s) => s >= leader!.score,
    );
    expect(score).toBeGreaterThan(0);
  });

  test('shows each player only its own score and rank', async () => {
    const first = await server.join({ name: 'first' });
    const second = await server.join({ name: 'second' });
    const other = await waitForState(
      first,
      (state) => state.players.get(second.sessionId),
      (p) => p !== undefined,
    );

    expect(other?.name).toBe('second');
    expect(other?.score).toBeUndefined();
    expect(other?.rank).toBeUndefined();
    expect(ownPlayer(first)).toMatchObject({ score: 0, rank: 1 });
    // The newcomer's view picks up its neighbours on the next tick.
    const seen = await waitForState(
      second,
      (state) => state.players.get(first.sessionId),
      (p) => p !== undefined,
    );
    expect(seen?.name).toBe('first');
    expect(ownPlayer(second)).toMatchObject({ score: 0, rank: 2 });
    expect(seen?.score).toBeUndefined();
  });
});

describe('end of a round', () => {
  test('sends results, then starts the next round with every score reset', async () => {
    const room = await server.join({ name: 'racer', matchSeconds: 3 });
    await waitForOwnPlayer(room);
    expect(room.state.round).toBe(1);
    const resultsMessage = waitForMessage<RoundResults>(room, ServerMessage.RoundResults);

    // Score during the 3-second round so the reset has something to clear.
    await whileDriving(
      room,
      steerToNearestOrb(room),
      waitForState(
        room,
        (state) => state.phase,
        (phase) => phase === 'results',
      ),
    );

    const results = await resultsMessage;
    expect(results.round).toBe(1);
    expect(results.standings).toHaveLength(1);
    expect(results.standings[0]).toMatchObject({ id: room.sessionId, name: 'racer' });
    expect(results.standings[0]!.score).toBeGreaterThan(0);
    expect(ownPlayer(room)?.score).toBe(results.standings[0]!.score);

    // The results phase lasts RESULTS_SECONDS; the room's clock ends it.
    const round = await waitForState(
      room,
      (state) => (state.phase === 'playing' ? state.round : 0),
      (n) => n > 0,
    );
    expect(round).toBe(2);
    expect(room.state.secondsLeft).toBeLessThanOrEqual(3);
    expect(ownPlayer(room)).toMatchObject({ score: 0, alive: true });
    expect(leadersByRank(room.state.leaderboard).map(({ id, name, score, bot }) => ({ id, name, score, bot }))).toEqual(
      [{ id: room.sessionId, name: 'racer', score: 0, bot: false }],
    );
  });
});
