import type { Delayed, Room } from '@colyseus/core';

/**
 * Keeps an empty room alive for a short grace before it is disposed, so a player who reloads, goes
 * back and forward, or shares the link a moment later finds the same room (and the lobby does not
 * flicker). Colyseus disposes an empty room at once; this switches `autoDispose` off while players
 * come and go and back on when the grace runs out, so Colyseus's own check (no clients, no reserved
 * seats) still makes the final call. A grace of 0 leaves Colyseus's immediate disposal alone.
 */
export class EmptyRoomGrace {
  private timer: Delayed | null = null;

  constructor(
    private readonly room: Pick<Room, 'autoDispose' | 'clients' | 'clock'>,
    /** Seconds an empty room waits for a player. */
    private readonly graceSeconds: number,
  ) {
    room.autoDispose = graceSeconds <= 0;
  }

  /** Call after a player joined: the room is in use, no disposal pending. */
  onJoin(): void {
    if (this.graceSeconds <= 0) return;
    this.timer?.clear();
    this.timer = null;
    this.room.autoDispose = false;
  }

  /** Call when the room was created or lost a player: starts the grace if nobody is left. */
  onEmptyCheck(): void {
    if (this.graceSeconds <= 0 || this.room.clients.length > 0 || this.timer) return;
    this.timer = this.room.clock.setTimeout(() => {
      this.timer = null;
      // Colyseus re-checks emptiness (including seats reserved by joiners in flight) a second later.
      this.room.autoDispose = true;
    }, this.graceSeconds * 1000);
  }
}
