import { z } from 'zod';
import type { ModeId } from '../modes.ts';
import type { MatchPhase } from '../sim/world.ts';
import { JoinOptions } from './messages.ts';

/** Room type of Colyseus's built-in LobbyRoom: the live list of public matches. */
export const LOBBY_ROOM = 'lobby';

/**
 * Quick play never lands in a room whose round ends within this many seconds: a player who arrives
 * should get a real round, not a results screen. Rooms in their results phase are fine (a fresh
 * round starts shortly).
 */
export const QUICK_PLAY_MIN_SECONDS_LEFT = 20;

/**
 * What each public match publishes as its listing metadata (Colyseus `setMetadata`), for the lobby
 * and for matchmaking. Updated on join, leave, phase change and when the round gets too short for
 * quick play; never on a timer (the lobby counts `phaseEndsAt` down itself).
 */
export interface MatchListing {
  mode: ModeId;
  /** Players in the match (seats taken; spectators are not players), filler bots included. */
  players: number;
  /** How many of `players` are server-side filler bots (they leave as humans arrive). */
  bots: number;
  /** Spectators watching (their seats are on top of maxPlayers). */
  spectators: number;
  /** Player seats. */
  maxPlayers: number;
  phase: MatchPhase;
  round: number;
  /** When the current phase ends, ms since the Unix epoch (the server's clock). */
  phaseEndsAt: number;
  /** Round length, seconds. */
  matchSeconds: number;
  /** Largest side the room's arena grows to, units (the live side follows its population). */
  arenaSize: number;
  /** False in the last QUICK_PLAY_MIN_SECONDS_LEFT seconds of a round: quick play skips the room. */
  quickPlay: boolean;
}

/** Letters and digits of a private room code: no 0/O, 1/I/L, so a code read aloud is typed right. */
export const ROOM_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Characters in a private room code: 31^6, about 887 million codes. */
export const ROOM_CODE_LENGTH = 6;

/**
 * Tidies what a player typed as a room code: upper case, no spaces or dashes. Anything else (a
 * public room's id) passes through unchanged apart from trimming.
 */
export function normalizeRoomCode(typed: string): string {
  const compact = typed.trim().replace(/[\s-]+/g, '');
  const upper = compact.toUpperCase();
  return upper.length === ROOM_CODE_LENGTH && [...upper].every((c) => ROOM_CODE_ALPHABET.includes(c)) ? upper : compact;
}

/**
 * Join options with the matchmaking fields. `quickPlay: true` matches only rooms whose listing says
 * `quickPlay` (see MatchListing); `privateRoom: true` on create makes an unlisted room with a code.
 */
export const RoomOptions = JoinOptions.extend({
  quickPlay: z.literal(true).optional(),
  privateRoom: z.boolean().optional(),
});
export type RoomOptions = z.infer<typeof RoomOptions>;
