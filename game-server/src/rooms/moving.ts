import type { Room } from '@colyseus/core';
import { MOVING_MESSAGE, MoveReason, SERVER_MOVING_CLOSE_CODE, type MovingMessage } from '@orb-arena/shared';
import { metrics } from '../metrics.ts';

/**
 * Tells every player of `room` it is being moved (with its round score), then disconnects them all
 * with SERVER_MOVING_CLOSE_CODE and disposes the room. Colyseus runs onDrop/onLeave for each player
 * before its socket closes (so scores are submitted first) and drops pending reconnections too.
 * Resolves once the room is disposed.
 */
export function moveEveryone(room: Room, scoreOf: (sessionId: string) => number): Promise<unknown> {
  for (const client of room.clients) {
    const message: MovingMessage = { reason: MoveReason.Drain, score: scoreOf(client.sessionId) };
    client.send(MOVING_MESSAGE, message);
    metrics.countDrop('moved');
  }
  return room.disconnect(SERVER_MOVING_CLOSE_CODE);
}
