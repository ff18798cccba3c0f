import { INPUT_SEND_EVERY_TICKS } from '@orb-arena/shared';

/**
 * Decides how many of a player's queued inputs one tick applies.
 *
 * - Normally one: one input is one step, so a player moves at an even pace however its packets
 *   bunch up on the way (a batch brings INPUT_SEND_EVERY_TICKS new inputs at once). When a batch
 *   arrives late the player waits a tick and the queue keeps one spare from then on, which is a
 *   self-sizing jitter buffer of one input (33 ms at 30 Hz) that client prediction hides from the
 *   player and interpolation hides from everyone else.
 * - Two when `CATCH_UP_QUEUE` or more are waiting (after a lag spike), to drain the backlog.
 * - Never more on average than one per tick: a token bucket (one token a tick, at most `burst`) stops
 *   a client that sends faster than the tick rate from moving faster than one that doesn't.
 */
export class InputGate {
  private readonly tokens = new Map<string, number>();

  /** @param burst most tokens a player can save up @default 4 */
  constructor(private readonly burst = 4) {}

  /** Returns how many of `queued` inputs `id` may apply this tick, and spends them. */
  admit(id: string, queued: number): number {
    const available = Math.min(this.burst, (this.tokens.get(id) ?? this.burst - 1) + 1);
    const wanted = queued >= CATCH_UP_QUEUE ? 2 : Math.min(queued, 1);
    const admitted = Math.min(available, wanted);
    this.tokens.set(id, available - admitted);
    return admitted;
  }

  forget(id: string): void {
    this.tokens.delete(id);
  }
}

/**
 * Queue length from which a tick applies two inputs instead of one: a batch's new inputs plus the
 * one-input jitter spare is the normal peak, one more is a backlog.
 */
export const CATCH_UP_QUEUE = INPUT_SEND_EVERY_TICKS + 2;
