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
import { RateBudget } from './RateBudget.ts';

/** What the chat channel needs from its room: a broadcast and a send to one session. */
export interface ChatHost {
  broadcast(type: string, payload: unknown): void;
  sendTo(sessionId: string, type: string, payload: unknown): void;
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
 * a line over budget is dropped and its sender told. Feed events (ate, joined, left, round ending)
 * are broadcast as ServerMessage.Feed, one shared shape any client panel can render.
 */
export class ChatChannel {
  private readonly budget: RateBudget;
  private lastSecondsLeft = Infinity;

  /** @param now clock for the chat budget, ms @default performance.now */
  constructor(
    private readonly host: ChatHost,
    now?: () => number,
  ) {
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

  /** Broadcasts one feed event to the room. */
  feed(event: FeedEvent): void {
    this.host.broadcast(ServerMessage.Feed, event);
  }

  /** Forgets a session's chat budget (it left). */
  forget(sessionId: string): void {
    this.budget.forget(sessionId);
  }

  /** Feeds what one step did: who ate whom, the round-ending notice, the round's winner. */
  announceStep(world: World, events: StepEvents): void {
    for (let i = 0; i < events.kills.length; i++) {
      const kill = events.kills[i]!;
      const eater = world.players.get(kill.eaterId);
      const prey = world.players.get(kill.preyId);
      if (!eater || !prey) continue;
      this.feed({ kind: 'ate', eaterId: eater.id, eater: eater.name, preyId: prey.id, prey: prey.name });
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
