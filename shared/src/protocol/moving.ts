/*
 * Moving players between server processes (deploys, dead processes). A draining process tells each
 * remaining player why, then closes its socket with SERVER_MOVING_CLOSE_CODE; the client rejoins
 * quick play with the same identity and shows a short banner instead of the menu.
 */

/** Server → client message sent right before a player is moved: payload MovingMessage. */
export const MOVING_MESSAGE = 'moving';

/**
 * WebSocket close code for "this server is going away, rejoin elsewhere". Outside Colyseus's codes
 * (4000-4010) and the game's ErrorCode range (4400-4599).
 */
export const SERVER_MOVING_CLOSE_CODE = 4100;

/** Why a player is being moved. */
export const MoveReason = {
  /** The process is draining for a deploy or a scale-down. */
  Drain: 'drain',
} as const;
export type MoveReason = (typeof MoveReason)[keyof typeof MoveReason];

/** Payload of MOVING_MESSAGE. */
export interface MovingMessage {
  reason: MoveReason;
  /** The round score the player had on the old server (kept in the store, not carried over). */
  score: number;
}
