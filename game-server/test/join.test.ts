import { MatchMakeError } from '@colyseus/sdk';
import {
  ARENA_ROOM,
  ARENA_SIZE,
  MatchmakeRefusal,
  NAME_MAX_LENGTH,
  START_MASS,
  radiusForMass,
  leadersByRank,
} from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { leaderboardIds, ownPlayer, useTestServer, waitForState } from './harness.ts';

const server = useTestServer();
/** A minimap coordinate's step: 8 bits over the largest arena (LeaderEntry.x/y), units. */
const MAP_STEP = ARENA_SIZE / 255;

describe('joining the arena', () => {
  test('adds the joining player to the state with its name, start mass and a position inside the arena', async () => {
    const room = await server.join({ name: 'alice' });
    const player = await waitForState(
      room,
      () => ownPlayer(room),
      (p) => p !== undefined,
    );

    expect(player).toMatchObject({ name: 'alice', mass: START_MASS, alive: true, score: 0 });
    const radius = radiusForMass(START_MASS);
    for (const coordinate of [player!.x, player!.y]) {
      expect(coordinate).toBeGreaterThanOrEqual(radius);
      expect(coordinate).toBeLessThanOrEqual(ARENA_SIZE - radius);
    }
    expect(room.state.playerCount).toBe(1);
    expect(room.state.phase).toBe('playing');
    expect(leadersByRank(room.state.leaderboard).map(({ id, name, score, bot }) => ({ id, name, score, bot }))).toEqual(
      [{ id: room.sessionId, name: 'alice', score: 0, bot: false }],
    );
    // The leader's minimap point: the player's position to the nearest 8-bit map step.
    const [leader] = leadersByRank(room.state.leaderboard);
    expect(Math.abs(leader!.x - player!.x)).toBeLessThanOrEqual(MAP_STEP / 2);
    expect(Math.abs(leader!.y - player!.y)).toBeLessThanOrEqual(MAP_STEP / 2);
  });

  test('puts two quick-play clients in the same room', async () => {
    const alice = await server.join({ name: 'alice' });
    const bob = await server.join({ name: 'bob' });

    expect(bob.roomId).toBe(alice.roomId);
    await waitForState(
      alice,
      (state) => state.playerCount,
      (count) => count === 2,
    );
    const ids = await waitForState(alice, leaderboardIds, (list) => list.length === 2);
    expect(ids).toEqual([alice.sessionId, bob.sessionId]);
    const own = await waitForState(
      bob,
      () => ownPlayer(bob),
      (p) => p !== undefined,
    );
    expect(own?.name).toBe('bob');
  });

  test('gives rooms created with a custom round length their own matchmaking pool', async () => {
    const quick = await server.join({ name: 'alice' });
    const custom = await server.join({ name: 'bob', matchSeconds: 60 });

    expect(custom.roomId).not.toBe(quick.roomId);
    const secondsLeft = await waitForState(
      custom,
      (state) => state.secondsLeft,
      (left) => left > 0,
    );
    expect(secondsLeft).toBeLessThanOrEqual(60);
  });
});

const NO_VISIBLE = 'name must contain at least one visible character';

describe('rejecting invalid join options', () => {
  test.each([
    { problem: 'an empty name', options: { name: '' }, message: `name: ${NO_VISIBLE}` },
    { problem: 'a blank name', options: { name: '   ' }, message: `name: ${NO_VISIBLE}` },
    {
      problem: 'a 40-character name',
      options: { name: 'x'.repeat(40) },
      message: `name: name must be at most ${NAME_MAX_LENGTH} characters`,
    },
    {
      problem: 'only invisible characters',
      options: { name: '\u200B\u0007\u202E' },
      message: `name: ${NO_VISIBLE}`,
    },
    {
      problem: 'a missing name',
      options: {},
      message: 'name: Invalid input: expected string, received undefined',
    },
    {
      problem: 'a name that is not a string',
      options: { name: 42 },
      message: 'name: Invalid input: expected string, received number',
    },
  ])('rejects $problem before matchmaking and adds no player', async ({ options, message }) => {
    const watcher = await server.join({ name: 'watcher' });
    await waitForState(
      watcher,
      (state) => state.playerCount,
      (count) => count === 1,
    );

    const error: unknown = await (await server.client()).joinOrCreate(ARENA_ROOM, options).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );

    expect(error).toBeInstanceOf(MatchMakeError);
    expect((error as MatchMakeError).code).toBe(MatchmakeRefusal.InvalidOptions);
    expect((error as MatchMakeError).message).toBe(`invalid join options: ${message}`);

    // Joins are handled in order: once a later valid join shows up, the rejected one had its turn.
    const carol = await server.join({ name: 'carol' });
    expect(carol.roomId).toBe(watcher.roomId);
    const count = await waitForState(
      watcher,
      (state) => state.leaderboard.length,
      (n) => n >= 2,
    );
    expect(count).toBe(2);
    expect(watcher.state.playerCount).toBe(2);
    expect(leadersByRank(watcher.state.leaderboard).map((entry) => entry.name)).toEqual(['watcher', 'carol']);
  });

  test('rejects a round length out of range before matchmaking', async () => {
    const error: unknown = await (
      await server.client()
    )
      .joinOrCreate(ARENA_ROOM, { name: 'dave', matchSeconds: 1 })
      .then(
        () => undefined,
        (rejection: unknown) => rejection,
      );

    expect(error).toBeInstanceOf(MatchMakeError);
    expect((error as MatchMakeError).code).toBe(MatchmakeRefusal.InvalidOptions);
    expect((error as MatchMakeError).message).toMatch(/^invalid join options: matchSeconds: /);
  });

  test('keeps the colour a player picked, and refuses a hue that is not one', async () => {
    const room = await server.join({ name: 'painted', hue: 195 });
    const own = await waitForState(room, (state) => state.players.get(room.sessionId), Boolean);
    expect(own!.hue).toBe(195);
    const error: unknown = await (await server.client()).joinOrCreate(ARENA_ROOM, { name: 'smudge', hue: 400 }).then(
      () => undefined,
      (rejection: unknown) => rejection,
    );
    expect((error as MatchMakeError).code).toBe(MatchmakeRefusal.InvalidOptions);
    expect((error as MatchMakeError).message).toMatch(/^invalid join options: hue: /);
  });
});
