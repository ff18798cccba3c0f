import type { Client, Room } from '@colyseus/sdk';
import { ARENA_ROOM, type ArenaState, type JoinOptions, type RoomOptions } from '@orb-arena/shared';

/**
 * Where a player wants to play: quick play in a mode (the best public room, or a new one), one room
 * by id (a public room picked in the lobby, a shared link, a private room's code), or a new private
 * room of a mode, optionally with its own round length.
 */
export type JoinTarget =
  | { kind: 'quick'; mode: string }
  | { kind: 'room'; roomId: string }
  | { kind: 'private'; mode: string; matchSeconds?: number };

/** The default target: quick play in the default mode. */
export const QUICK_PLAY: JoinTarget = { kind: 'quick', mode: ARENA_ROOM };

/** Reserves a seat for `target` through the matchmaker (as `client`'s guest) and connects to the room. */
export function joinRoom(client: Client, target: JoinTarget, options: JoinOptions): Promise<Room<unknown, ArenaState>> {
  switch (target.kind) {
    case 'quick': {
      // quickPlay is a filterBy field: only rooms whose listing says quickPlay (not about to end) match.
      const quick: RoomOptions = { ...options, quickPlay: true };
      return client.joinOrCreate<ArenaState>(target.mode, quick);
    }
    case 'room':
      return client.joinById<ArenaState>(target.roomId, options);
    case 'private': {
      const created: RoomOptions = {
        ...options,
        privateRoom: true,
        matchSeconds: target.matchSeconds ?? options.matchSeconds,
      };
      return client.create<ArenaState>(target.mode, created);
    }
  }
}
