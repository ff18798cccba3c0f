import type { Client, Room } from '@colyseus/sdk';
import { ARENA_ROOM, type ArenaState, type JoinOptions } from '@orb-arena/shared';

/**
 * Where a player wants to play: quick play in a mode (the best public room, or a new one), or one
 * room by id (a public room picked in the lobby, a shared link, a private room's code).
 */
export type JoinTarget = { kind: 'quick'; mode: string } | { kind: 'room'; roomId: string };

/** The default target: quick play in the default mode. */
export const QUICK_PLAY: JoinTarget = { kind: 'quick', mode: ARENA_ROOM };

/** Reserves a seat for `target` through the matchmaker (as `client`'s guest) and connects to the room. */
export function joinRoom(client: Client, target: JoinTarget, options: JoinOptions): Promise<Room<unknown, ArenaState>> {
  switch (target.kind) {
    case 'quick':
      return client.joinOrCreate<ArenaState>(target.mode, options);
    case 'room':
      return client.joinById<ArenaState>(target.roomId, options);
  }
}
