import {
  CHAT_BURST,
  CHAT_REFILL_MS,
  ClientMessage,
  ROUND_ENDING_NOTICE_SECONDS,
  ServerMessage,
  secondsLeft,
  topStandings,
  type ChatLine,
  type ChatRefused,
  type FeedEvent,
  type StepEvents,
  type World,
} from '@orb-arena/shared';
import { metrics } from '../metrics.ts';
import { PresenceBursts } from './PresenceBursts.ts';
import { RateBudget } from './RateBudget.ts';

/** What the chat channel needs from its room: a broadcast, a send to one session, and one to a spot's witnesses. */
export interface ChatHost {
  broadcast(type: string, payload: unknown): void;
  sendTo(sessionId: string, type: string, payload: unknown): void;
  /** Sends to the sessions of `playerIds` and to every session whose view shows one of those players. */
  sendToWitnesses(playerIds: readonly string[], type: string, payload: unknown): void;
}

/** Who is speaking, as the room knows them. */
export interface Speaker {
  id: string;
  name: string;
  spectator: boolean;
}

/**
 * The room's chat and event feed. Chat lines (already validated and cleaned by the shared ChatMessage
 * schema) are broadcast to the room with the sender's name, within a per-sender budget of its own;
 * a line over budget is dropped and its sender told. Feed events are ServerMessage.Feed, one shared
 * shape any client panel can render: joined, left and the round's notices go to the whole room; a kill
 * (`ate`) goes to the eater, the prey and whoever has either on screen. Sent to the whole room, the
 * kills of a full room were a line every 1.3 s about strangers far away (46 B/s per client at 50
 * players against 8 at 10, the largest share of the extra bytes a full room sends after the orbs).
 * A burst of joins or leaves (a room filling at once) is told as a few lines and one `crowd` line
 * (PresenceBursts), not a line per player that would push the room's chat out of every panel.
 */
export class ChatChannel {
  private readonly budget: RateBudget;
  private readonly presence = new PresenceBursts();
  private readonly now: () => number;
  private lastSecondsLeft = Infinity;

  /** @param now clock for the chat budget and the join/leave bursts, ms @default performance.now */
  constructor(
    private readonly host: ChatHost,
    now: () => number = () => performance.now(),
  ) {
    this.now = now;
    this.budget = new RateBudget({ burst: CHAT_BURST, refillMs: CHAT_REFILL_MS, now });
  }

  /** Broadcasts `text` from `speaker`, or tells the speaker to slow down. Returns whether it went out. */
  say(speaker: Speaker, text: string): boolean {
    const waitMs = this.budget.take(speaker.id);
    if (waitMs > 0) {
      metrics.countRejected(ClientMessage.Chat, 'rate');
      const refused: ChatRefused = { reason: 'rate', retryInMs: waitMs };
      this.host.sendTo(speaker.id, ServerMessage.ChatRefused, refused);
      return false;
    }
    const line: ChatLine = { fromId: speaker.id, from: speaker.name, text, spectator: speaker.spectator };
    this.host.broadcast(ServerMessage.Chat, line);
    return true;
  }

  /**
   * Broadcasts one feed event to the room. A join or leave may wait to be told in a crowd line, which
   * announceStep sends once due.
   */
  feed(event: FeedEvent): void {
    const toSend = event.kind === 'joined' || event.kind === 'left' ? this.presence.admit(event, this.now()) : event;
    if (toSend) this.host.broadcast(ServerMessage.Feed, toSend);
  }

  /** Forgets a session's chat budget (it left). */
  forget(sessionId: string): void {
    this.budget.forget(sessionId);
  }

  /**
   * Feeds what one step did: who ate whom (to its witnesses), the round-ending notice, the round's
   * winner; and the crowd lines of join/leave bursts that are due.
   */
  announceStep(world: World, events: StepEvents): void {
    for (const crowd of this.presence.due(this.now())) this.host.broadcast(ServerMessage.Feed, crowd);
    for (let i = 0; i < events.kills.length; i++) {
      const kill = events.kills[i]!;
      const eater = world.players.get(kill.eaterId);
      const prey = world.players.get(kill.preyId);
      if (!eater || !prey) continue;
      const event: FeedEvent = { kind: 'ate', eaterId: eater.id, eater: eater.name, preyId: prey.id, prey: prey.name };
      this.host.sendToWitnesses([eater.id, prey.id], ServerMessage.Feed, event);
    }
    const left = world.match.phase === 'playing' ? secondsLeft(world) : Infinity;
    if (left <= ROUND_ENDING_NOTICE_SECONDS && this.lastSecondsLeft > ROUND_ENDING_NOTICE_SECONDS) {
      // Only a crossing counts, so a short round (or a player joining late) gets no stale notice.
      if (this.lastSecondsLeft !== Infinity) this.feed({ kind: 'round-ending', seconds: ROUND_ENDING_NOTICE_SECONDS });
    }
    this.lastSecondsLeft = left;
    if (events.roundEnded) {
      const [best] = topStandings(world.players.values(), 1);
      this.feed({ kind: 'round-ended', round: world.match.round, winner: best && best.score > 0 ? best.name : '' });
    }
  }
}
