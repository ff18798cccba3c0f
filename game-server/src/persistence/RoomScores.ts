import { log } from '../logger.ts';
import {
  LeaderboardPeriod,
  ServerMessage,
  type ArenaState,
  type PersonalBestMessage,
  type World,
} from '@orb-arena/shared';
import type { ScoreReporter } from './ScoreReporter.ts';

/** How RoomScores reaches the players: the room writes the state and sends the messages. */
export interface RoomScoresHooks {
  /** A seat's best score today on the board (shown in its HUD). */
  bestToday(sessionId: string, score: number): void;
  /** A seat's round score is stored (the results screen says whether it was a new best). */
  stored(sessionId: string, message: PersonalBestMessage): void;
}

/** Who a seat belongs to, for the boards. */
interface Seat {
  playerId: string;
  bestToday: number;
}

/**
 * One room's side of the persistent leaderboards, kept out of the room class: it knows which guest
 * holds each seat and reports the seat's score (keyed room:round:player) when the round ends, when
 * the player leaves (also when a reconnection window expires) and when the server shuts down. It never
 * throws and never waits: a store failure cannot stop the match.
 */
export class RoomScores {
  private readonly seats = new Map<string, Seat>();

  constructor(
    private readonly reporter: ScoreReporter,
    private readonly room: { roomId: string; mode: string },
    private readonly hooks: RoomScoresHooks,
  ) {}

  /**
   * The usual wiring for an arena room: best today goes to the own Player's owner-only `bestToday`,
   * a stored round score to its client as ServerMessage.PersonalBest.
   */
  static forRoom(
    reporter: ScoreReporter,
    room: {
      roomId: string;
      state: ArenaState;
      clients: { getById(id: string): { send(type: string, message: unknown): void } | undefined };
    },
    mode: string,
  ): RoomScores {
    return new RoomScores(
      reporter,
      { roomId: room.roomId, mode },
      {
        bestToday: (id, score) => {
          const entity = room.state.players.get(id);
          if (entity) entity.bestToday = score;
        },
        stored: (id, message) => room.clients.getById(id)?.send(ServerMessage.PersonalBest, message),
      },
    );
  }

  /** A guest took a seat: remember it and look up its best today (if the store answers). */
  joined(sessionId: string, playerId: string): void {
    const seat: Seat = { playerId, bestToday: 0 };
    this.seats.set(sessionId, seat);
    this.reporter.store.rowOf({ mode: this.room.mode, period: LeaderboardPeriod.Daily }, playerId).then(
      (row) => this.raiseBestToday(sessionId, seat, row?.score ?? 0),
      (error: unknown) => log.warn(`leaderboard: best today of ${playerId} unavailable: ${(error as Error).message}`),
    );
  }

  /** The round ended: every seated player's score goes to the boards; each hears if it was a best. */
  roundEnded(world: World): void {
    for (const sessionId of world.players.keys()) this.report(world, sessionId, true);
  }

  /** The player left for good (or its reconnection window expired): its score so far is kept. */
  left(world: World, sessionId: string): void {
    this.report(world, sessionId, false);
    this.seats.delete(sessionId);
  }

  /** The server is shutting down: every seat's score is reported now (dropped players' included). */
  shuttingDown(world: World): void {
    for (const sessionId of world.players.keys()) this.report(world, sessionId, false);
  }

  private report(world: World, sessionId: string, announce: boolean): void {
    const seat = this.seats.get(sessionId);
    const player = world.players.get(sessionId);
    if (!seat || !player) return;
    const { round } = world.match;
    const { score } = player;
    void this.reporter
      .report({
        key: `${this.room.roomId}:${round}:${seat.playerId}`,
        mode: this.room.mode,
        playerId: seat.playerId,
        name: player.name,
        score,
        achievedAt: Date.now(),
      })
      .then((outcome) => {
        if (!outcome || !announce) return;
        if (outcome.improved.includes(LeaderboardPeriod.Daily)) this.raiseBestToday(sessionId, seat, score);
        if (this.seats.get(sessionId) !== seat) return;
        this.hooks.stored(sessionId, { board: this.room.mode, round, score, newBest: outcome.improved });
      });
  }

  private raiseBestToday(sessionId: string, seat: Seat, score: number): void {
    if (score <= seat.bestToday || this.seats.get(sessionId) !== seat) return;
    seat.bestToday = score;
    this.hooks.bestToday(sessionId, score);
  }
}
