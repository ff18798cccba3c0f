import { Room } from '@colyseus/core';
import { LeaderboardRoomMessage, type LeaderboardChanged } from '@orb-arena/shared';
import { LEADERBOARD_CHANNEL } from '../persistence/LeaderboardFeed.ts';

/**
 * What a leaderboard screen joins to hear, live, that a board's top changed. It has no state and
 * takes no messages: it relays the presence channel LEADERBOARD_CHANNEL to its clients, so a change
 * made in any process reaches every screen (with Redis presence). Clients then refetch the page they
 * show from GET /api/leaderboard, which is cached briefly and invalidated by the same channel.
 */
export class LeaderboardRoom extends Room {
  override maxClients = 1000;
  // Listeners send nothing; anything more than a trickle is a misbehaving client.
  override maxMessagesPerSecond = 5;

  override messages = {
    _: () => undefined,
  };

  private readonly relay = (message: LeaderboardChanged) => {
    this.broadcast(LeaderboardRoomMessage.Changed, message);
  };

  override onCreate(): void {
    void this.presence.subscribe(LEADERBOARD_CHANNEL, this.relay);
  }

  override onDispose(): void {
    this.presence.unsubscribe(LEADERBOARD_CHANNEL, this.relay);
  }
}
