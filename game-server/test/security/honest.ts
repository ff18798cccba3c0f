import { Protocol } from '@colyseus/sdk';
import { createGameClient } from '../../../game-client/src/net/gameClient.ts';
import { ARENA_ROOM, PATCH_HZ } from '@orb-arena/shared';
import { expect, vi } from 'vitest';
import type { ArenaRoom } from '../../src/rooms/ArenaRoom.ts';
import { driveInput, ownPlayer, rawSocket, steerToNearestOrb, waitForState, type PlayerRoom } from '../harness.ts';
import { answersHealth, residentBytes, type ServerProcess } from './serverProcess.ts';

/** Resident memory the server may reach under any attack in this suite (it idles near 100 MB). */
export const RSS_BOUND_BYTES = 400 * 1024 * 1024;
/** Honest clients must keep at least this share of the patch rate while under attack (normal: 1). */
const PATCH_RATE_SHARE = 0.5;
/** Patches a window must span before its rate means anything. */
const MIN_WINDOW_PATCHES = 10;
/** How long /healthz may take to answer, ms (a hung process never answers). */
const HEALTH_TIMEOUT_MS = 5000;

/** One honest player: its room, a patch counter, and the steering that keeps it eating orbs. */
interface Honest {
  room: PlayerRoom;
  patches: number;
  stop: () => void;
}

/** Two honest players in one room, eating orbs, the whole time an attack runs. */
export interface HonestPair {
  players: [Honest, Honest];
  /** Starts a measuring window: call before an attack, then `expectUnharmed(window)` after it. */
  mark: () => Mark;
  leave: () => void;
}

interface Mark {
  patches: number[];
  serverTimes: number[];
  scores: number[];
}

/** Joins two SDK clients to one room and starts them playing. */
export async function joinHonestPair(endpoint: string): Promise<HonestPair> {
  const join = async (name: string) =>
    (await (await createGameClient(endpoint, { identity: 'fresh' })).joinOrCreate<ArenaRoom>(ARENA_ROOM, { name })) as PlayerRoom;
  const first = await join('honest-1');
  const second = await join('honest-2');
  expect(second.roomId).toBe(first.roomId);
  const players = [first, second].map((room) => {
    const honest: Honest = { room, patches: 0, stop: () => undefined };
    // Counted on the wire: every ROOM_STATE_PATCH frame (with or without modifier bits).
    rawSocket(room).addEventListener('message', (event) => {
      if ((new Uint8Array(event.data as ArrayBuffer)[0]! & 0x1f) === Protocol.ROOM_STATE_PATCH) honest.patches++;
    });
    honest.stop = driveInput(room, steerToNearestOrb(room));
    return honest;
  }) as [Honest, Honest];
  await Promise.all(players.map(({ room }) => waitForState(room, () => ownPlayer(room), (own) => own !== undefined)));
  return {
    players,
    mark: () => ({
      patches: players.map((p) => p.patches),
      serverTimes: players.map((p) => p.room.clock.lastServerTime()),
      scores: players.map((p) => ownPlayer(p.room)?.score ?? 0),
    }),
    leave: () => {
      // Not a consented leave: the server may be gone already (stop() runs first), so just disconnect.
      for (const player of players) {
        player.stop();
        if (player.room.connection.isOpen) player.room.connection.close();
      }
    },
  };
}

/**
 * The "Done when" check after an attack: /healthz answers, both honest players are still connected
 * in the same room and kept receiving patches at no less than half the normal rate (measured on the
 * server's clock, from `mark` to now), their scores did not go down, and the server's RSS is under
 * RSS_BOUND_BYTES.
 */
export async function expectUnharmed(server: ServerProcess, pair: HonestPair, mark: Mark): Promise<void> {
  expect(await answersHealth(server.endpoint, HEALTH_TIMEOUT_MS), '/healthz answers within 5 s').toBe(true);
  for (const [i, player] of pair.players.entries()) {
    expect(player.room.connection.isOpen, `honest player ${i + 1} is still connected`).toBe(true);
    await vi.waitFor(
      () => expect(player.patches - mark.patches[i]!, `patches to honest player ${i + 1}`).toBeGreaterThanOrEqual(MIN_WINDOW_PATCHES),
      { timeout: 10_000 },
    );
    const spanMs = player.room.clock.lastServerTime() - mark.serverTimes[i]!;
    const rate = ((player.patches - mark.patches[i]!) * 1000) / spanMs;
    expect(rate, `patch rate of honest player ${i + 1} (patches/s, normal ${PATCH_HZ})`).toBeGreaterThanOrEqual(
      PATCH_HZ * PATCH_RATE_SHARE,
    );
    expect(ownPlayer(player.room)!.score, `score of honest player ${i + 1}`).toBeGreaterThanOrEqual(mark.scores[i]!);
  }
  expect(residentBytes(server.serverPid()), 'server RSS').toBeLessThan(RSS_BOUND_BYTES);
}
