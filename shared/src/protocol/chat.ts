import { z } from 'zod';
import { cleanDisplayText } from './names.ts';

/** Longest chat line, characters (after cleaning). */
export const CHAT_MAX_LENGTH = 160;
/**
 * Chat budget per client: at most CHAT_BURST lines at once, refilled one every CHAT_REFILL_MS. A line
 * over budget is dropped and the sender told (ServerMessage.ChatRefused); it never counts against the
 * sender's game inputs, which have their own limits.
 */
export const CHAT_BURST = 5;
/** ms per regained chat line (one line every 1.5 s sustained). */
export const CHAT_REFILL_MS = 1500;

/**
 * A chat line, cleaned by the shared display-text rule (names.ts: NFC, invisible and reordering
 * characters removed, spaces collapsed, at least one visible character), then at most CHAT_MAX_LENGTH
 * characters. Parsing yields the cleaned text.
 */
export const ChatText = z.string().transform((raw, ctx) => {
  const result = cleanDisplayText(raw, CHAT_MAX_LENGTH);
  if (result.ok) return result.name;
  ctx.addIssue({ code: 'custom', message: result.message.replace(/^name /, 'chat text ') });
  return z.NEVER;
});

/** Client → server chat line. */
export const ChatMessage = z.object({ text: ChatText });
export type ChatMessage = z.infer<typeof ChatMessage>;

/** Server → room: one chat line, with the sender's name as the room knows it. */
export interface ChatLine {
  /** Session id of the sender. */
  fromId: string;
  from: string;
  text: string;
  /** The sender watches the match without playing. */
  spectator: boolean;
}

/** Server → sender: a chat line was not delivered. */
export interface ChatRefused {
  reason: 'rate';
  /** ms until the next line would be accepted. */
  retryInMs: number;
}

/** Most names a `crowd` feed event carries; the rest of the crowd is a count ("and 12 others"). */
export const CROWD_NAMES = 2;

/**
 * The room's event feed, one shared shape for every panel that shows it (the chat panel's feed, a kill
 * feed): `ate` when a player eats another, `joined` / `left` for players, `crowd` for a burst of joins
 * or leaves told in one line (`count` players, the first CROWD_NAMES of them by name, `bots` of them
 * filler bots), `round-ending` when the round has `seconds` left, `round-ended` with the winner's name
 * (empty when nobody scored).
 */
export type FeedEvent =
  | { kind: 'ate'; eaterId: string; eater: string; preyId: string; prey: string }
  | { kind: 'joined'; id: string; name: string; bot: boolean }
  | { kind: 'left'; id: string; name: string; bot: boolean }
  | CrowdEvent
  | { kind: 'round-ending'; seconds: number }
  | { kind: 'round-ended'; round: number; winner: string };

/** A player's arrival or departure: the feed's `joined` and `left` events. */
export type PresenceEvent = Extract<FeedEvent, { kind: 'joined' | 'left' }>;

/** A burst of arrivals or departures in one event: `change` says which. */
export interface CrowdEvent {
  kind: 'crowd';
  change: PresenceEvent['kind'];
  /** The first players of the burst by name, at most CROWD_NAMES. */
  names: string[];
  /** Players in the burst, named ones included (>= names.length). */
  count: number;
  /** How many of the `count` are filler bots. */
  bots: number;
}

/** A kill: the feed's `ate` event. */
export type KillEvent = Extract<FeedEvent, { kind: 'ate' }>;

/**
 * How a kill reads to the player whose session id is `readerId`: "You ate X", "X ate you" or "X ate Y".
 * The one place a kill line is worded: the kill feed and the chat panel's feed both use it, so one kill
 * reads the same in both (the chat named the player where the kill feed said "you").
 */
export function describeKill(kill: KillEvent, readerId: string): string {
  if (kill.eaterId === readerId) return `You ate ${kill.prey}`;
  if (kill.preyId === readerId) return `${kill.eater} ate you`;
  return `${kill.eater} ate ${kill.prey}`;
}

/** Seconds before the end of a round at which the feed says so. */
export const ROUND_ENDING_NOTICE_SECONDS = 10;

/**
 * The feed line the player whose session id is `readerId` reads for an event (the client may style the
 * parts itself). A kill reads as describeKill words it.
 */
export function describeFeedEvent(event: FeedEvent, readerId: string): string {
  switch (event.kind) {
    case 'ate':
      return describeKill(event, readerId);
    case 'joined':
      return `${event.name} joined${event.bot ? ' (bot)' : ''}`;
    case 'left':
      return `${event.name} left${event.bot ? ' (bot)' : ''}`;
    case 'crowd':
      return describeCrowd(event);
    case 'round-ending':
      return `Round ends in ${event.seconds} s`;
    case 'round-ended':
      return event.winner ? `Round over: ${event.winner} wins` : 'Round over';
  }
}

/**
 * How a burst of joins or leaves reads: "Ann joined", "Ann and Ben joined", "Ann, Ben and 1 other
 * left", "Ann, Ben and 12 others joined", then which of them were bots: " (bots)" when all were,
 * " (3 bots)" when some were. Names past CROWD_NAMES (or missing) count as others.
 */
export function describeCrowd(crowd: CrowdEvent): string {
  const names = crowd.names.slice(0, CROWD_NAMES);
  const others = Math.max(0, crowd.count - names.length);
  return `${listNames(names, others)} ${crowd.change}${describeBots(crowd.bots, crowd.count)}`;
}

/** "Ann", "Ann and Ben", "Ann, Ben and 3 others"; "3 players" when nobody is named. */
function listNames(names: readonly string[], others: number): string {
  if (names.length === 0) return `${others} ${others === 1 ? 'player' : 'players'}`;
  if (others === 0) return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}`;
}

/** " (bot)" / " (bots)" when all `count` were bots, " (2 bots)" when some were, "" when none. */
function describeBots(bots: number, count: number): string {
  if (bots <= 0) return '';
  if (bots >= count) return count === 1 ? ' (bot)' : ' (bots)';
  return bots === 1 ? ' (1 bot)' : ` (${bots} bots)`;
}
