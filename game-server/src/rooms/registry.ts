import { defineRoom, LobbyRoom, type RegisteredHandler } from '@colyseus/core';
import { LOBBY_ROOM, MODE_LIST } from '@orb-arena/shared';
import type { ServerSettings } from '../config.ts';
import { ArenaRoom, type ArenaCreateOptions } from './ArenaRoom.ts';

/**
 * The room types the server offers: Colyseus's LobbyRoom (the live list of public matches) and one
 * arena room type per mode in shared/modes.ts, named after the mode.
 *
 * Matchmaking for every mode: `filterBy(['matchSeconds', 'quickPlay'])` keeps custom-length rooms
 * apart and lets quick play (`quickPlay: true`) skip rooms whose round ends within
 * QUICK_PLAY_MIN_SECONDS_LEFT (the room publishes the flag in its listing metadata);
 * `sortBy({ clients: -1 })` fills the fullest room first (seats being reserved count, so a burst of
 * joins does not overfill one room). `enableRealtimeListing()` pushes every change to the lobby
 * through presence, so it works the same over Redis.
 */
export function defineRooms(
  settings: ServerSettings & { seed?: number },
  extra: Pick<ArenaCreateOptions, 'seatReservationSeconds' | 'scores'> = {},
): Record<string, RegisteredHandler> {
  const rooms: Record<string, RegisteredHandler> = { [LOBBY_ROOM]: defineRoom(LobbyRoom) };
  for (const mode of MODE_LIST) {
    const options: ArenaCreateOptions = { settings, mode: mode.id, ...extra };
    rooms[mode.id] = defineRoom(ArenaRoom, options)
      .filterBy(['matchSeconds', 'quickPlay'])
      .sortBy({ clients: -1 })
      .enableRealtimeListing();
  }
  return rooms;
}
