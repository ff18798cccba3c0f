import type { Room } from '@colyseus/sdk';
import {
  ChatMessage,
  ClientMessage,
  ServerMessage,
  type ChatLine,
  type ChatRefused,
  type FeedEvent,
} from '@orb-arena/shared';

/** What the chat panel listens to. */
export interface ChatListeners {
  line: (line: ChatLine) => void;
  feed: (event: FeedEvent) => void;
  refused: (refused: ChatRefused) => void;
}

/**
 * The chat's network side: receives the room's chat lines and event feed, and sends a line after
 * checking it with the same shared schema the server uses (an invalid line would get the client
 * dropped, so it never leaves the browser).
 */
export class ChatLink {
  constructor(
    private readonly room: Room,
    listeners: ChatListeners,
  ) {
    room.onMessage(ServerMessage.Chat, (line: ChatLine) => listeners.line(line));
    room.onMessage(ServerMessage.Feed, (event: FeedEvent) => listeners.feed(event));
    room.onMessage(ServerMessage.ChatRefused, (refused: ChatRefused) => listeners.refused(refused));
  }

  /** Sends `text` to the room. Returns null when sent, else why it was not (the schema's message). */
  send(text: string): string | null {
    const parsed = ChatMessage.safeParse({ text });
    if (!parsed.success) return parsed.error.issues[0]?.message ?? 'invalid chat line';
    if (!this.room.connection.isOpen) return 'not connected';
    this.room.send(ClientMessage.Chat, parsed.data);
    return null;
  }
}
