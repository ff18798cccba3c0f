import {
  GRID_CELL,
  INTEREST_MARGIN,
  ORB_COUNT,
  VIEW_HALF_HEIGHT,
  VIEW_HALF_WIDTH,
  ClientMessage,
  buildSteerInput,
  cellCoordinate,
  type ArenaState,
  type World,
} from '@orb-arena/shared';
import { matchMaker } from '@colyseus/core';
import { describe, expect, test } from 'vitest';
import {
  ownPlayer,
  useTestServer,
  waitForOwnPlayer,
  waitForPatches,
  waitForState,
  whileDriving,
  type PlayerRoom,
  type Steer,
} from './harness.ts';

/** With this seed the first two players of a room spawn out of each other's view (over 950 units apart across, or 700 down). */
const SEED = 20261125;
const HALF_WIDTH = VIEW_HALF_WIDTH + INTEREST_MARGIN;
const HALF_HEIGHT = VIEW_HALF_HEIGHT + INTEREST_MARGIN;

const server = useTestServer({ settings: { seed: SEED } });

/** Every way `state`, as decoded by `room`, breaks the interest rules; empty when it keeps them all. */
function findInterestViolations(room: PlayerRoom, state: ArenaState): string[] {
  const own = state.players.get(room.sessionId);
  if (!own) return ['own player missing'];
  const problems: string[] = [];
  if (state.leaderboard.length !== Math.min(state.playerCount, 10)) {
    problems.push(`leaderboard has ${state.leaderboard.length} entries for ${state.playerCount} players`);
  }
  state.players.forEach((player, id) => {
    if (Math.abs(player.x - own.x) > HALF_WIDTH || Math.abs(player.y - own.y) > HALF_HEIGHT) {
      problems.push(`player ${id} at (${player.x}, ${player.y}) seen from (${own.x}, ${own.y})`);
    }
  });
  // Orbs are sent per grid cell: every cell the view rectangle touches, and no other.
  const columns = [cellCoordinate(own.x - HALF_WIDTH), cellCoordinate(own.x + HALF_WIDTH)] as const;
  const rows = [cellCoordinate(own.y - HALF_HEIGHT), cellCoordinate(own.y + HALF_HEIGHT)] as const;
  state.orbs.forEach((orb, id) => {
    const column = cellCoordinate(orb.x);
    const row = cellCoordinate(orb.y);
    if (column < columns[0] || column > columns[1] || row < rows[0] || row > rows[1]) {
      problems.push(`orb ${id} at (${orb.x}, ${orb.y}) outside cells ${columns.join('-')} x ${rows.join('-')}`);
    }
  });
  return problems;
}

/** Checks the interest rules on every patch `room` decodes until stop(); returns what it found. */
function watchInterest(room: PlayerRoom) {
  const violations = new Set<string>();
  let patches = 0;
  const onChange = (state: ArenaState) => {
    if (state.players === undefined) return;
    patches++;
    for (const problem of findInterestViolations(room, state)) violations.add(problem);
  };
  room.onStateChange(onChange);
  return {
    get patches() {
      return patches;
    },
    stop(): string[] {
      room.onStateChange.remove(onChange);
      return [...violations];
    },
  };
}

/** Steering toward (or, with `away`, directly away from) another client's own player. */
function steerRelativeTo(other: PlayerRoom, away = false): Steer {
  return (own) => {
    const target = ownPlayer(other);
    if (!target) return { x: 0, y: 0 };
    const goal = away ? { x: 2 * own.x - target.x, y: 2 * own.y - target.y } : target;
    return buildSteerInput(own, goal);
  };
}

/** Drives both rooms with their steering until `until` settles. */
function whileBothDriving<T>(pair: [PlayerRoom, Steer][], until: Promise<T>): Promise<T> {
  return pair.reduce<Promise<T>>((inner, [room, steer]) => whileDriving(room, steer, inner), until);
}

describe('interest management', () => {
  test('sends a moving client no orb or player outside its view rectangle', async () => {
    const viewer = await server.join({ name: 'viewer' });
    const others = await Promise.all(['b', 'c', 'd'].map((name) => server.join({ name })));
    await waitForState(
      viewer,
      (state) => state.playerCount,
      (count) => count === 1 + others.length,
    );
    const start = await waitForOwnPlayer(viewer);
    const watch = watchInterest(viewer);

    // Crossing cell borders makes the server add and drop whole columns of orbs.
    // The live arena's centre (its side follows the population).
    const centre = { x: viewer.state.arenaSize / 2, y: viewer.state.arenaSize / 2 };
    const heading = { x: start.x + Math.sign(centre.x - start.x) * 1000, y: start.y };
    await whileDriving(
      viewer,
      (own) => buildSteerInput(own, heading),
      waitForState(
        viewer,
        () => Math.abs(ownPlayer(viewer)!.x - start.x),
        (moved) => moved >= 2 * GRID_CELL,
      ),
    );
    await waitForPatches(viewer, 3);

    expect(watch.stop()).toEqual([]);
    expect(watch.patches).toBeGreaterThan(10);
    expect(viewer.state.orbs.size).toBeGreaterThan(0);
    expect(viewer.state.orbs.size).toBeLessThan(ORB_COUNT);
    expect(viewer.state.leaderboard).toHaveLength(4);
  });

  test('shows a player that moves into view and hides it again once it leaves', async () => {
    const a = await server.join({ name: 'a' });
    const b = await server.join({ name: 'b' });
    await waitForState(
      a,
      (state) => state.playerCount,
      (count) => count === 2,
    );
    await waitForOwnPlayer(b);
    const watchA = watchInterest(a);
    const watchB = watchInterest(b);
    // The seed spawns them out of view: each knows of the other only through the leaderboard.
    expect(a.state.players.has(b.sessionId)).toBe(false);
    expect(a.state.leaderboard.map((entry) => entry.name)).toEqual(['a', 'b']);

    const seen = await whileBothDriving(
      [
        [a, steerRelativeTo(b)],
        [b, steerRelativeTo(a)],
      ],
      Promise.all([
        waitForState(
          a,
          (state) => state.players.get(b.sessionId),
          (p) => p !== undefined,
        ),
        waitForState(b, (state) => state.players.has(a.sessionId), Boolean),
      ]).then(([player]) => player),
    );
    expect(seen?.name).toBe('b');

    await whileBothDriving(
      [
        [a, steerRelativeTo(b, true)],
        [b, steerRelativeTo(a, true)],
      ],
      Promise.all([
        waitForState(
          a,
          (state) => state.players.has(b.sessionId),
          (shown) => !shown,
        ),
        waitForState(
          b,
          (state) => state.players.has(a.sessionId),
          (shown) => !shown,
        ),
      ]),
    );
    expect(a.state.players.size).toBe(1);
    expect(a.state.playerCount).toBe(2);
    expect(a.state.leaderboard).toHaveLength(2);
    expect(watchA.stop()).toEqual([]);
    expect(watchB.stop()).toEqual([]);
  });

  test('removes a player that leaves the room from the views that showed it', async () => {
    const a = await server.join({ name: 'a' });
    const b = await server.join({ name: 'b' });
    await waitForOwnPlayer(b);
    await whileBothDriving(
      [
        [a, steerRelativeTo(b)],
        [b, steerRelativeTo(a)],
      ],
      waitForState(a, (state) => state.players.has(b.sessionId), Boolean),
    );

    await b.leave();

    await waitForState(
      a,
      (state) => state.players.has(b.sessionId),
      (shown) => !shown,
    );
    const count = await waitForState(
      a,
      (state) => state.playerCount,
      (n) => n === 1,
    );
    expect(count).toBe(1);
    expect(a.state.leaderboard.map((entry) => entry.id)).toEqual([a.sessionId]);
    expect(ownPlayer(a)).toBeDefined();
  });

  test('a portrait screen sees the view rectangle turned: players above and below, not beside', async () => {
    const tall = await server.join({ name: 'tall', portrait: true });
    const other = await server.join({ name: 'other' });
    await waitForOwnPlayer(other);
    const world = (matchMaker.getLocalRoomById(tall.roomId) as unknown as { world: World }).world;
    const place = (room: PlayerRoom, x: number, y: number) => Object.assign(world.players.get(room.sessionId)!, { x, y });
    // Straight below, further than a landscape view reaches down but within a portrait one (all inside
    // the smallest arena, which is what a room of two has).
    place(tall, 400, 300);
    place(other, 400, 300 + HALF_HEIGHT + 200);
    await waitForState(tall, (state) => state.players.has(other.sessionId), Boolean);
    await waitForPatches(other, 3);
    expect(other.state.players.has(tall.sessionId)).toBe(false); // the landscape client does not see it

    // Beside, within a landscape view's width but outside a portrait one's.
    place(other, 400 + HALF_HEIGHT + 200, 300);
    await waitForState(tall, (state) => state.players.has(other.sessionId), (shown) => !shown);
    await waitForState(other, (state) => state.players.has(tall.sessionId), Boolean);

    // Turning the phone back to landscape turns the rectangle back.
    tall.send(ClientMessage.View, { portrait: false });
    await waitForState(tall, (state) => state.players.has(other.sessionId), Boolean);
  });
});
