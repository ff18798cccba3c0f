import { z } from 'zod';
import { DEFAULT_MODE } from '../modes.ts';
import { cleanName } from './names.ts';

/**
 * Room type of the default mode (DEFAULT_MODE in modes.ts): what bots, tools and quick play without a
 * mode join. Each mode is a room type named after its id.
 */
export const ARENA_ROOM: string = DEFAULT_MODE;

/** Client → server message types (besides the binary input channel). */
export const ClientMessage = {
  /** Change the nickname shown to others: payload RenameMessage. */
  Rename: 'rename',
} as const;
export type ClientMessage = (typeof ClientMessage)[keyof typeof ClientMessage];

/** Server → client message types. */
export const ServerMessage = {
  /** A round ended: payload RoundResults. */
  RoundResults: 'results',
  /** You were eaten: payload { by: name, respawnSeconds }. */
  Eaten: 'eaten',
  /** Your round's score is stored on the persistent boards, and which personal bests it beat: PersonalBestMessage. */
  PersonalBest: 'best',
} as const;
export type ServerMessage = (typeof ServerMessage)[keyof typeof ServerMessage];

/**
 * A nickname, cleaned by the shared name rule (cleanName in names.ts): NFC, invisible and reordering
 * characters removed, at least one visible character, at most NAME_MAX_LENGTH characters. Parsing
 * yields the cleaned name.
 */
export const Nickname = z.string().transform((raw, ctx) => {
  const result = cleanName(raw);
  if (result.ok) return result.name;
  ctx.addIssue({ code: 'custom', message: result.message });
  return z.NEVER;
});

/** Options a client passes to joinOrCreate/create/join for the arena room. */
export const JoinOptions = z.object({
  name: Nickname,
  /**
   * Round length for a newly created room, seconds (rooms are matched on it, so quick play never
   * lands in a short test room). @default MATCH_SECONDS
   */
  matchSeconds: z.number().int().min(3).max(3600).optional(),
});
export type JoinOptions = z.infer<typeof JoinOptions>;

export const RenameMessage = z.object({ name: Nickname });
export type RenameMessage = z.infer<typeof RenameMessage>;

export interface RoundResults {
  round: number;
  /** Final standings, best first (at most LEADERBOARD_SIZE). */
  standings: { id: string; name: string; score: number }[];
}

export interface EatenMessage {
  by: string;
  respawnSeconds: number;
}
