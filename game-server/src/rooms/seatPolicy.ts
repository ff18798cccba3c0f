import { RoomInternalState } from '@colyseus/core';
import { JoinOptions } from '@orb-arena/shared';

/** The parts of a Colyseus room the seat policy reads and wraps (internals of @colyseus/core 0.18). */
interface SeatedRoom {
  maxClients: number;
  locked: boolean;
  clients: { sessionId: string }[] & { length: number };
  /** sessionId → [join options, auth data, consumed, is a reconnection] */
  _reservedSeats: Record<string, [unknown, unknown, boolean, boolean]>;
  _internalState: RoomInternalState;
  _reserveSeat(sessionId: string, options: unknown, ...rest: unknown[]): Promise<boolean>;
  hasReachedMaxClients(): boolean;
}

/** True when join options ask for a spectator seat. */
export function isSpectatorJoin(options: unknown): boolean {
  return JoinOptions.shape.spectate.safeParse((options as { spectate?: unknown } | null)?.spectate).data === true;
}

/**
 * Gives a room two kinds of seat: `maxClients` player seats, as Colyseus counts them for matchmaking
 * (the room locks when they are full, so quick play moves on), and `spectatorCap()` spectator seats on
 * top that never take a player's place. Colyseus counts every client against `maxClients`, so this
 * wraps two of its room methods on the instance:
 *
 * - `_reserveSeat` (called for each seat the matchmaker asks for, with the join options) refuses a
 *   player when the player seats are full and a spectator when the spectator seats are;
 * - `hasReachedMaxClients` (which Colyseus uses to lock and unlock the room) counts players only.
 *
 * A spectator reaches a locked (player-full) room through the `spectate` matchmaking method
 * (spectateMatchmaking.ts), which reserves a seat without the matchmaker's lock check.
 *
 * @param isSpectator whether a connected session holds a spectator seat
 */
export function installSeatPolicy(
  target: object,
  policy: { spectatorCap: () => number; isSpectator: (sessionId: string) => boolean },
): void {
  const room = target as SeatedRoom;
  const count = (): { players: number; spectators: number } => {
    let players = 0;
    let spectators = 0;
    const reserved = room._reservedSeats;
    for (const id in reserved) {
      if (isSpectatorJoin(reserved[id]![0])) spectators++;
      else players++;
    }
    for (const client of room.clients) {
      if (client.sessionId in reserved) continue;
      if (policy.isSpectator(client.sessionId)) spectators++;
      else players++;
    }
    return { players, spectators };
  };
  // Colyseus asks hasReachedMaxClients() first thing in _reserveSeat (synchronously): for a spectator
  // that question is about spectator seats, which the wrapper below has already answered.
  let admittingSpectator = false;
  const reserveSeat = room._reserveSeat.bind(room);
  room._reserveSeat = (sessionId, options, ...rest) => {
    const isReconnection = rest[2] === true;
    const spectator = isSpectatorJoin(options);
    if (!isReconnection) {
      const seats = count();
      const full = spectator ? seats.spectators >= policy.spectatorCap() : seats.players >= room.maxClients;
      if (full) return Promise.resolve(false);
    }
    admittingSpectator = spectator;
    try {
      return reserveSeat(sessionId, options, ...rest);
    } finally {
      admittingSpectator = false;
    }
  };
  room.hasReachedMaxClients = () => {
    if (room._internalState === RoomInternalState.DISPOSING) return true;
    if (admittingSpectator) {
      admittingSpectator = false;
      return false;
    }
    return count().players >= room.maxClients;
  };
}
