import {
  leadersByRank,
  ARENA_GROW_PER_TICK,
  ARENA_SIZE,
  GRID_CELL,
  INTEREST_MARGIN,
  ORB_COUNT,
  VIEW_HALF_HEIGHT,
  VIEW_HALF_WIDTH,
  ClientMessage,
  buildSteerInput,
  cellCoordinate,
  rankPlayers,
  LEADERBOARD_SIZE,
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
import { ORB_CELL_SLACK } from '../src/rooms/InterestManager.ts';

/** With this seed the first two players of a room spawn out of each other's view (over 950 units apart across, or 700 down). */
const SEED = 26;
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
  // Orbs are sent per grid cell: every cell the view rectangle touches, and at most ORB_CELL_SLACK more on a side.
  const columns = [
    cellCoordinate(own.x - HALF_WIDTH) - ORB_CELL_SLACK,
    cellCoordinate(own.x + HALF_WIDTH) + ORB_CELL_SLACK,
  ] as const;
  const rows = [
    cellCoordinate(own.y - HALF_HEIGHT) - ORB_CELL_SLACK,
    cellCoordinate(own.y + HALF_HEIGHT) + ORB_CELL_SLACK,
  ] as const;
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

/**
 * Every way `room`'s decoded state differs from what the rules say it should hold, computed from the
 * server's world alone: its own player, the other players whose centre lies in its view rectangle, the
 * orbs of a rectangle of grid cells holding those that rectangle touches and at most ORB_CELL_SLACK
 * more on a side, and the leaderboard's top players. Empty when equal.
 */
function differencesFromWorld(room: PlayerRoom, world: World): string[] {
  const state = room.state;
  const own = world.players.get(room.sessionId);
  if (!own || state.players === undefined) return ['no own player yet'];
  const problems: string[] = [];
  const expectedPlayers = [...world.players.values()]
    .filter((p) => p === own || (Math.abs(p.x - own.x) <= HALF_WIDTH && Math.abs(p.y - own.y) <= HALF_HEIGHT))
    .map((p) => p.id)
    .sort();
  const seenPlayers = [...state.players.keys()].sort();
  if (seenPlayers.join() !== expectedPlayers.join())
    problems.push(`players ${seenPlayers.join()} instead of ${expectedPlayers.join()}`);
  // The orbs of whole cells: those the rectangle touches and at most ORB_CELL_SLACK more on a side.
  const seenOrbs = [...state.orbs.keys()].sort();
  const seenCells = seenOrbs.map((id) => world.orbs[Number(id)]!);
  const c0 = Math.min(cellCoordinate(own.x - HALF_WIDTH), ...seenCells.map((orb) => cellCoordinate(orb.x)));
  const c1 = Math.max(cellCoordinate(own.x + HALF_WIDTH), ...seenCells.map((orb) => cellCoordinate(orb.x)));
  const r0 = Math.min(cellCoordinate(own.y - HALF_HEIGHT), ...seenCells.map((orb) => cellCoordinate(orb.y)));
  const r1 = Math.max(cellCoordinate(own.y + HALF_HEIGHT), ...seenCells.map((orb) => cellCoordinate(orb.y)));
  if (
    cellCoordinate(own.x - HALF_WIDTH) - c0 > ORB_CELL_SLACK ||
    c1 - cellCoordinate(own.x + HALF_WIDTH) > ORB_CELL_SLACK ||
    cellCoordinate(own.y - HALF_HEIGHT) - r0 > ORB_CELL_SLACK ||
    r1 - cellCoordinate(own.y + HALF_HEIGHT) > ORB_CELL_SLACK
  )
    problems.push(`orb cells ${c0}-${c1} x ${r0}-${r1} reach too far from (${own.x}, ${own.y})`);
  const expectedOrbs = world.orbs
    .filter((orb) => {
      const [column, row] = [cellCoordinate(orb.x), cellCoordinate(orb.y)];
      return orb.cell >= 0 && column >= c0 && column <= c1 && row >= r0 && row <= r1;
    })
    .map((orb) => String(orb.id))
    .sort();
  const missing = expectedOrbs.filter((id) => !state.orbs.has(id));
  const extra = seenOrbs.filter((id) => !expectedOrbs.includes(id));
  if (missing.length > 0 || extra.length > 0) problems.push(`orbs missing ${missing.join()}, extra ${extra.join()}`);
  const leaders = rankPlayers(world.players.values())
    .slice(0, LEADERBOARD_SIZE)
    .map((p) => p.id);
  const board = leadersByRank(state.leaderboard).map((entry) => entry.id);
  if (board.join() !== leaders.join()) problems.push(`leaderboard ${board.join()} instead of ${leaders.join()}`);
  return problems;
}

/** Waits until `room`'s decoded state is exactly what the world says it should see (see differencesFromWorld). */
function untilViewMatchesWorld(room: PlayerRoom, world: World): Promise<string[]> {
  return waitForState(
    room,
    () => differencesFromWorld(room, world),
    (problems) => problems.length === 0,
  );
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
    expect(leadersByRank(a.state.leaderboard).map((entry) => entry.name)).toEqual(['a', 'b']);

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
    const place = (room: PlayerRoom, x: number, y: number) =>
      Object.assign(world.players.get(room.sessionId)!, { x, y });
    // Straight below, further than a landscape view reaches down but within a portrait one (all inside
    // the smallest arena, which is what a room of two has).
    place(tall, 400, 300);
    place(other, 400, 300 + HALF_HEIGHT + 200);
    await waitForState(tall, (state) => state.players.has(other.sessionId), Boolean);
    await waitForPatches(other, 3);
    expect(other.state.players.has(tall.sessionId)).toBe(false); // the landscape client does not see it

    // Beside, within a landscape view's width but outside a portrait one's.
    place(other, 400 + HALF_HEIGHT + 200, 300);
    await waitForState(
      tall,
      (state) => state.players.has(other.sessionId),
      (shown) => !shown,
    );
    await waitForState(other, (state) => state.players.has(tall.sessionId), Boolean);

    // Turning the phone back to landscape turns the rectangle back.
    tall.send(ClientMessage.View, { portrait: false });
    await waitForState(tall, (state) => state.players.has(other.sessionId), Boolean);
  });

  test('after players cross cells and view borders, each client holds exactly what the world says it sees', async () => {
    const rooms = await Promise.all(['a', 'b', 'c'].map((name) => server.join({ name })));
    const [a, b, c] = rooms as [PlayerRoom, PlayerRoom, PlayerRoom];
    await Promise.all(rooms.map((room) => waitForOwnPlayer(room)));
    const world = (matchMaker.getLocalRoomById(a.roomId) as unknown as { world: World }).world;
    const place = (room: PlayerRoom, x: number, y: number) =>
      Object.assign(world.players.get(room.sessionId)!, { x, y });
    // Three players get the smallest arena; these legs need the full one. Fixed at ARENA_SIZE, the next
    // step moves the walls out and puts the full arena's orbs in play.
    Object.assign(world.config, { minArenaSize: ARENA_SIZE });
    world.arena.size = ARENA_SIZE - ARENA_GROW_PER_TICK;
    place(a, 2000, 2000);
    place(b, 2600, 2000); // inside a's view
    place(c, 1000, 2300); // outside it
    await Promise.all(rooms.map((room) => untilViewMatchesWorld(room, world)));

    /** Drives `room` to `goal`, then stops and waits until every client's view agrees with the world. */
    const leg = async (room: PlayerRoom, goal: { x: number; y: number }) => {
      const start = { ...world.players.get(room.sessionId)! };
      await whileDriving(
        room,
        (own) => buildSteerInput(own, goal, 0),
        waitForState(
          room,
          () => world.players.get(room.sessionId)!,
          (own) => Math.hypot(own.x - goal.x, own.y - goal.y) < 12,
        ),
      );
      const end = world.players.get(room.sessionId)!;
      // Each leg crosses at least one cell border of the grid.
      expect(
        cellCoordinate(end.x) !== cellCoordinate(start.x) || cellCoordinate(end.y) !== cellCoordinate(start.y),
      ).toBe(true);
      for (const watcher of rooms) expect(await untilViewMatchesWorld(watcher, world)).toEqual([]);
    };
    await leg(a, { x: 2330, y: 2000 }); // a crosses a column border; b stays in view
    expect(a.state.players.has(b.sessionId)).toBe(true);
    await leg(b, { x: 3300, y: 2000 }); // b leaves a's view (and a leaves b's)
    expect(a.state.players.has(b.sessionId)).toBe(false);
    await leg(a, { x: 2330, y: 2300 }); // a crosses a row border
    await leg(c, { x: 1800, y: 2300 }); // c comes into a's view
    expect(a.state.players.has(c.sessionId)).toBe(true);
    expect(c.state.players.has(a.sessionId)).toBe(true);
  });
});
