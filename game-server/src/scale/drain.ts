import { ServerError, matchMaker } from '@colyseus/core';
import { ErrorCode } from '@orb-arena/shared';
import { EventEmitter } from 'node:events';
import { log } from '../logger.ts';

/*
 * Drain: how a process leaves without dropping anyone (deploys, scale-down). Colyseus's own graceful
 * shutdown disconnects everyone at once; this builds the gentle version on its matchmaker:
 * - the process marks itself draining in presence, and selectServingProcess (the matchmaker's
 *   selectProcessIdToCreateRoom hook) stops creating rooms on it; its own rooms are locked, so the
 *   matchmaker seats newcomers elsewhere; /readyz turns false;
 * - each room plays on until its round ends or the deadline passes, then tells every player and moves
 *   them (the client rejoins quick play on another process);
 * - once every room is gone, the caller runs the shutdown hooks and Colyseus's shutdown.
 */

/** What the drain needs from a room. */
export interface DrainableRoom {
  /** Stops the matchmaker from seating newcomers here. */
  lock(): Promise<unknown>;
  /** Tells every player and moves them away; resolves when the room is disposed. */
  moveEveryone(): Promise<unknown>;
  /** True when no player is seated (an empty room kept open for a while closes at once in a drain). */
  isEmpty(): boolean;
}

/** A room's handle on the drain. */
export interface DrainHandle {
  /** Call when a round ends: a draining process moves the players now. */
  roundEnded(): void;
  /** Call from onDispose. */
  detach(): void;
}

/** Presence key marking a process as draining (expires by itself should the process die). */
export function drainingKey(processId: string): string {
  return `orb:draining:${processId}`;
}

/** The process's drain state and the rooms it waits for. */
export class Drain extends EventEmitter<{ empty: [] }> {
  private readonly rooms = new Set<DrainableRoom>();
  private startedAt: number | undefined;
  private deadline: NodeJS.Timeout | undefined;

  /** True from start() on. */
  get isDraining(): boolean {
    return this.startedAt !== undefined;
  }

  /** Rooms still open in this process. */
  get roomCount(): number {
    return this.rooms.size;
  }

  /** Registers a room (from onCreate); a room created during a drain is locked at once. */
  attach(room: DrainableRoom): DrainHandle {
    this.rooms.add(room);
    if (this.isDraining) void room.lock();
    return {
      roundEnded: () => {
        if (this.isDraining) void room.moveEveryone();
      },
      detach: () => {
        this.rooms.delete(room);
        if (this.rooms.size === 0) this.emit('empty');
      },
    };
  }

  /**
   * Starts draining: marks the process in presence (for `ttlSeconds`), locks every room, and moves
   * the players of rooms still open after `seconds`. Resolves once no room is left.
   */
  async start(seconds: number): Promise<void> {
    if (this.isDraining) return this.untilEmpty();
    this.startedAt = Date.now();
    log.warn(
      { rooms: this.rooms.size, seconds },
      'draining: no new seats; rooms play on until round end or the deadline',
    );
    // LocalPresence answers synchronously, RedisPresence with a promise: await either.
    await Promise.resolve()
      .then(
        () => matchMaker.presence.setex(drainingKey(matchMaker.processId), '1', Math.ceil(seconds) + 120) as unknown,
      )
      .catch((error: unknown) => log.error({ err: error }, 'could not mark this process as draining in presence'));
    await Promise.all([...this.rooms].map((room) => room.lock().catch(() => undefined)));
    for (const room of this.rooms) if (room.isEmpty()) void room.moveEveryone();
    this.deadline = setTimeout(() => {
      log.warn({ rooms: this.rooms.size }, 'drain deadline: moving the remaining players');
      for (const room of this.rooms) void room.moveEveryone();
    }, seconds * 1000);
    await this.untilEmpty();
    clearTimeout(this.deadline);
  }

  private untilEmpty(): Promise<void> {
    if (this.rooms.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.once('empty', resolve));
  }
}

/** The process's drain (one server per process, like the matchmaker it builds on). */
export const drain = new Drain();

/**
 * The matchmaker's selectProcessIdToCreateRoom: the process with the fewest rooms among those not
 * draining. Throws a clear "try again" error when every process is draining.
 */
export async function selectServingProcess(): Promise<string> {
  const all = await matchMaker.stats.fetchAll();
  const draining = await Promise.all(all.map((stats) => matchMaker.presence.exists(drainingKey(stats.processId))));
  const serving = all
    .filter((stats, index) => !draining[index] && !(stats.processId === matchMaker.processId && drain.isDraining))
    .sort((a, b) => a.roomCount - b.roomCount);
  const chosen = serving[0]?.processId ?? (all.length === 0 && !drain.isDraining ? matchMaker.processId : undefined);
  if (chosen === undefined) {
    throw new ServerError(
      ErrorCode.Unavailable,
      'every game server is draining for a deploy; try again in a few seconds',
    );
  }
  return chosen;
}
