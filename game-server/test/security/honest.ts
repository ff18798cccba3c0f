import { Protocol } from '@colyseus/sdk';
import { createGameClient } from '../../../game-client/src/net/gameClient.ts';
import { ARENA_ROOM, PATCH_HZ } from '@orb-arena/shared';
import { expect, vi } from 'vitest';
import type { ArenaRoom } from '../../src/rooms/ArenaRoom.ts';
import { driveInput, ownPlayer, rawSocket, steerToNearestOrb, waitForState, type PlayerRoom } from '../harness.ts';
import { answersHealth, residentBytes, type ServerProcess } from './serverProcess.ts';

/** Resident memory the server may reach under any attack in this suite (it idles near 100 MB). */
export const RSS_BOUND_BYTES = 400 * 1024 * 1024;
/**
 * Honest clients must keep at least this share of the patch rate they had just before the attack.
 * Measured against that baseline, not against PATCH_HZ, so a machine busy with other work (the rate
 * measured on the server's clock drops when the whole box is loaded) does not read as an attack.
 */
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
  /** Measures the baseline patch rate, then starts a window: call before an attack, `expectUnharmed` after it. */
  mark: () => Promise<Mark>;
  leave: () => void;
}

interface Mark {
  /** Patches per second of each player just before the attack. */
  baseline: number[];
  patches: number[];
  serverTimes: number[];
  scores: number[];
}

/** Joins two SDK clients to one room and starts them playing. */
export async function joinHonestPair(endpoint: string): Promise<HonestPair> {
  const join = async (name: string) =>
    (await (
      await createGameClient(endpoint, { identity: 'fresh' })
    ).joinOrCreate<ArenaRoom>(ARENA_ROOM, { name })) as PlayerRoom;
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
  await Promise.all(
    players.map(({ room }) =>
      waitForState(
        room,
        () => ownPlayer(room),
        (own) => own !== undefined,
      ),
    ),
  );
  return {
    players,
    mark: async () => {
      const before = snapshot(players);
      const baseline = await Promise.all(players.map((player, i) => patchRateSince(player, before, i)));
      return { ...snapshot(players), baseline };
    },
    leave: () => {
      // Not a consented leave: the server may be gone already (stop() runs first), so just disconnect.
      for (const player of players) {
        player.stop();
        if (player.room.connection.isOpen) player.room.connection.close();
      }
    },
  };
}

function snapshot(players: readonly Honest[]): Omit<Mark, 'baseline'> {
  return {
    patches: players.map((p) => p.patches),
    serverTimes: players.map((p) => p.room.clock.lastServerTime()),
    scores: players.map((p) => ownPlayer(p.room)?.score ?? 0),
  };
}

/** Waits for MIN_WINDOW_PATCHES more patches to player `i`, then returns its rate since `from` (per s of server time). */
async function patchRateSince(player: Honest, from: Omit<Mark, 'baseline'>, i: number): Promise<number> {
  await vi.waitFor(
    () =>
      expect(player.patches - from.patches[i]!, `patches to honest player ${i + 1}`).toBeGreaterThanOrEqual(
        MIN_WINDOW_PATCHES,
      ),
    { timeout: 10_000 },
  );
  return ((player.patches - from.patches[i]!) * 1000) / (player.room.clock.lastServerTime() - from.serverTimes[i]!);
}

/**
 * The "Done when" check after an attack: /healthz answers, both honest players are still connected
 * in the same room and kept receiving patches at no less than half the rate they had before it
 * (measured on the server's clock, from `mark` to now), their scores did not go down, and the server's RSS is under
 * RSS_BOUND_BYTES.
 */
export async function expectUnharmed(
  server: ServerProcess,
  pair: HonestPair,
  {
    mark,
    window = 'attack',
  }: {
    mark: Mark;
    /**
     * 'attack': the rate over the whole attack (from `mark`). 'after': over a fresh window once it
     * is over, for HTTP floods whose sender shares this test machine's two cores with the server,
     * so what is measured is what the attack left behind (rooms, seats, memory), not CPU contention.
     */
    window?: 'attack' | 'after';
  },
): Promise<void> {
  expect(await answersHealth(server.endpoint, HEALTH_TIMEOUT_MS), '/healthz answers within 5 s').toBe(true);
  const from = window === 'attack' ? mark : snapshot(pair.players);
  for (const [i, player] of pair.players.entries()) {
    expect(player.room.connection.isOpen, `honest player ${i + 1} is still connected`).toBe(true);
    const rate = await patchRateSince(player, from, i);
    expect(
      rate,
      `patch rate of honest player ${i + 1} (patches/s; ${mark.baseline[i]!.toFixed(1)} before the attack, ${PATCH_HZ} nominal)`,
    ).toBeGreaterThanOrEqual(mark.baseline[i]! * PATCH_RATE_SHARE);
    expect(ownPlayer(player.room)!.score, `score of honest player ${i + 1}`).toBeGreaterThanOrEqual(mark.scores[i]!);
  }
  expect(residentBytes(server.serverPid()), 'server RSS').toBeLessThan(RSS_BOUND_BYTES);
}
