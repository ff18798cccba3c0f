import type { Room } from '@colyseus/sdk';
import {
  MIN_ARENA_SIZE,
  MODES,
  ORB_WALL_MARGIN,
  radiusForMass,
  targetArenaSize,
  type ArenaState,
} from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { ArenaConnection } from '../../game-client/src/net/ArenaConnection.ts';
import { useTestServer, waitForState, type PlayerRoom } from './harness.ts';

const server = useTestServer();

/** Players whose area is past the smallest side: the classic arena heads for GROWN with them in. */
const CROWD = 14;
const GROWN = targetArenaSize(MODES.classic.world, CROWD, MIN_ARENA_SIZE);

/** Throws unless every player and orb this client was sent lies inside the arena side of the same patch. */
function assertSeenInside(state: ArenaState): void {
  const size = state.arenaSize;
  state.players?.forEach((player, id) => {
    const radius = radiusForMass(player.mass);
    for (const axis of [player.x, player.y]) {
      if (axis < radius || axis > size - radius) throw new Error(`player ${id} at ${axis} is outside ${size}`);
    }
  });
  state.orbs?.forEach((orb, id) => {
    if (Math.max(orb.x, orb.y) > size - ORB_WALL_MARGIN)
      throw new Error(`orb ${id} at ${orb.x},${orb.y} is outside ${size}`);
  });
}

describe('an arena that grows with its population', () => {
  test('the size in the state grows as players join and shrinks as they leave, and the game client follows it', async () => {
    const connection = await ArenaConnection.join({
      endpoint: server.endpoint,
      options: { name: 'host' },
      identity: 'fresh',
    });
    const host = connection.room as unknown as PlayerRoom;
    try {
      await waitForState(
        host,
        (state) => state.arenaSize,
        (size) => size === MIN_ARENA_SIZE,
      );
      expect(GROWN).toBeGreaterThan(MIN_ARENA_SIZE);

      const crowd: Room[] = [];
      for (let i = 1; i < CROWD; i++) {
        const guest = await server.client();
        crowd.push(await guest.joinById(host.roomId, { name: `crowd${i}` }));
      }
      await waitForState(
        host,
        (state) => state.arenaTarget,
        (target) => target === GROWN,
      );
      // The walls move a few units a tick: every patch on the way shows a side between the two.
      const sides: number[] = [];
      await waitForState(
        host,
        (state) => {
          sides.push(state.arenaSize);
          assertSeenInside(state);
          return state.arenaSize;
        },
        (size) => size === GROWN,
      );
      expect(new Set(sides).size).toBeGreaterThan(2);
      expect(Math.min(...sides)).toBeGreaterThanOrEqual(MIN_ARENA_SIZE);
      // The game client's own reading of the room: camera, minimap and prediction take this.
      expect(connection.arenaSize).toBe(GROWN);
      expect(connection.predictor.arenaSize).toBe(GROWN);

      await Promise.all(crowd.map((room) => room.leave()));
      await waitForState(
        host,
        (state) => state.arenaTarget,
        (target) => target === MIN_ARENA_SIZE,
      );
      const shrinking = await waitForState(
        host,
        (state) => {
          assertSeenInside(state);
          return state.arenaSize;
        },
        (size) => size <= GROWN - 20,
      );
      expect(shrinking).toBeGreaterThan(MIN_ARENA_SIZE);
      expect(connection.predictor.arenaSize).toBeLessThan(GROWN);
    } finally {
      await connection.leave();
    }
  });
});
