import { z } from 'zod';
import { ARENA_SIZE } from '../constants.ts';
import { DEFAULT_MODE } from '../modes.ts';
import { cleanName } from './names.ts';

/**
 * Room type of the default mode (DEFAULT_MODE in modes.ts): what bots, tools and quick play without a
 * mode join. Each mode is a room type named after its id.
 */
export const ARENA_ROOM: string = DEFAULT_MODE;

/**
 * Matchmaking method for watching a room: `POST /matchmake/spectate/<roomId>` with JoinOptions. Unlike
 * joinById it seats a spectator in a room whose player seats are full.
 */
export const SPECTATE_METHOD = 'spectate';

/** Client → server message types (besides the binary input channel). */
export const ClientMessage = {
  /** Change the nickname shown to others: payload RenameMessage. */
  Rename: 'rename',
  /** The screen turned between portrait and landscape: payload ViewMessage. */
  View: 'view',
  /** A chat line to the room: payload ChatMessage (protocol/chat.ts). */
  Chat: 'chat',
  /** A spectator moves its camera or follows a player: payload CameraMessage. */
  Camera: 'camera',
} as const;
export type ClientMessage = (typeof ClientMessage)[keyof typeof ClientMessage];

/** Server → client message types. */
export const ServerMessage = {
  /** A round ended: payload RoundResults. */
  RoundResults: 'results',
  /** You were eaten: payload EatenMessage. */
  Eaten: 'eaten',
  /** A chat line for the room: payload ChatLine. */
  Chat: 'chat',
  /** Your chat line was not delivered: payload ChatRefused. */
  ChatRefused: 'chat-refused',
  /** Something happened in the room (ate, joined, left, round ending): payload FeedEvent. */
  Feed: 'feed',
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
  /** The screen is taller than wide (see ViewMessage). @default false */
  portrait: z.boolean().optional(),
  /** Orb colour, a hue in degrees (the menu offers ORB_HUES). @default defaultHue(sessionId) */
  hue: z.number().int().min(0).max(359).optional(),
  /** Watch without playing: no orb, inputs refused, a spectator seat instead of a player seat. */
  spectate: z.boolean().optional(),
});
export type JoinOptions = z.infer<typeof JoinOptions>;

export const RenameMessage = z.object({ name: Nickname });

/**
 * The shape of the client's screen. A portrait screen sees the view rectangle turned a quarter
 * (VIEW_HALF_HEIGHT across, VIEW_HALF_WIDTH down), so a phone held upright shows as much world as a
 * desktop, and the server sends what lies in that turned rectangle.
 */
export const ViewMessage = z.object({ portrait: z.boolean() });
export type ViewMessage = z.infer<typeof ViewMessage>;
export type RenameMessage = z.infer<typeof RenameMessage>;

export interface RoundResults {
  round: number;
  /** Final standings, best first (at most LEADERBOARD_SIZE). */
  standings: { id: string; name: string; score: number }[];
}

/** Where a spectator's camera looks: a free point in the arena, or a player it follows. */
export const CameraMessage = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('free'), x: z.number().min(0).max(ARENA_SIZE), y: z.number().min(0).max(ARENA_SIZE) }),
  z.object({ mode: z.literal('follow'), id: z.string().min(1).max(32) }),
]);
export type CameraMessage = z.infer<typeof CameraMessage>;

/** What the death screen shows: who ate you and how your life went. */
export interface EatenMessage {
  /** The eater's name. */
  by: string;
  /** The eater's id: the client can watch it until its own player respawns. */
  byId: string;
  respawnSeconds: number;
  /** Your mass when you were eaten. */
  mass: number;
  /** Your score this round (kept). */
  score: number;
  /** Seconds from your last spawn to being eaten. */
  aliveSeconds: number;
  /** Your place in the room's ranking, 1-based. */
  rank: number;
}
