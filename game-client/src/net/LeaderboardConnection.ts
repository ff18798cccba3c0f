import type { Client, Room } from '@colyseus/sdk';
import {
  LEADERBOARD_ROOM,
  LeaderboardRoomMessage,
  type LeaderboardChanged,
  type LeaderboardPageResponse,
  type LeaderboardPeriod,
} from '@orb-arena/shared';
import { createGameClient, guestIdOf } from './gameClient.ts';

/** Which page of which board to read. */
export interface BoardQuery {
  board: string;
  period: LeaderboardPeriod;
  /** Centre the page on the player (its rank with neighbours) instead of the top. @default false */
  aroundMe?: boolean;
  /** @default 10 */
  limit?: number;
}

/**
 * The leaderboard screen's network side: reads pages of the persistent boards from
 * GET /api/leaderboard as the stored guest (so the answer carries the player's own row), and listens
 * in the `leaderboard` room for "this board's top changed", which the server relays from presence.
 */
export class LeaderboardConnection {
  private room: Room | null = null;
  private readonly listeners = new Set<(change: LeaderboardChanged) => void>();

  private constructor(private readonly client: Client) {}

  /** Signs in as the browser's stored guest (see createGameClient) and joins the live channel. */
  static async open(endpoint: string, client?: Client): Promise<LeaderboardConnection> {
    const connection = new LeaderboardConnection(client ?? (await createGameClient(endpoint)));
    await connection.listen();
    return connection;
  }

  /** The guest id of this browser, to highlight its own row. */
  get playerId(): string | undefined {
    return guestIdOf(this.client);
  }

  /** True while live updates arrive (the room is joined). */
  get live(): boolean {
    return this.room?.connection.isOpen ?? false;
  }

  /** One page of a board; rejects with the server's message (400, 401, 503) when it cannot answer. */
  async fetchPage(query: BoardQuery): Promise<LeaderboardPageResponse> {
    const params = new URLSearchParams({ board: query.board, period: query.period, limit: String(query.limit ?? 10) });
    if (query.aroundMe) params.set('around', 'me');
    const response = (await this.client.http.get(`/api/leaderboard?${params.toString()}` as never)) as {
      data: LeaderboardPageResponse;
    };
    return response.data;
  }

  /** Calls `listener` whenever a board's top changes; returns the unsubscribe. */
  onChanged(listener: (change: LeaderboardChanged) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const room = this.room;
    this.room = null;
    if (room?.connection.isOpen) await room.leave();
  }

  private async listen(): Promise<void> {
    this.room = await this.client.joinOrCreate(LEADERBOARD_ROOM);
    this.room.onMessage(LeaderboardRoomMessage.Changed, (change: LeaderboardChanged) => {
      for (const listener of this.listeners) listener(change);
    });
  }
}
