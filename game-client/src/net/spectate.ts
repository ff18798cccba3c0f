import type { Client, Room } from '@colyseus/sdk';
import { SPECTATE_METHOD, type JoinOptions } from '@orb-arena/shared';

/**
 * Takes a spectator seat in room `roomId` (public, or private when the id comes from its code) through
 * the server's `spectate` matchmaking method, which also seats spectators in a room whose player
 * seats are full. Rejects with the server's message (no such room, no spectator seat free).
 */
export async function spectateRoom<State>(
  client: Client,
  roomId: string,
  options: Omit<JoinOptions, 'spectate'>,
): Promise<Room<unknown, State>> {
  const response = await client.http.post(`/matchmake/${SPECTATE_METHOD}/${encodeURIComponent(roomId)}`, {
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: { ...options, spectate: true },
  });
  return client.consumeSeatReservation<State>(response.data as Parameters<Client['consumeSeatReservation']>[0]);
}
