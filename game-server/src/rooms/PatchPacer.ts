/**
 * Sends one room's patches on a schedule of its own: deadlines at `phase + k × periodMs` on the
 * monotonic clock, each room of the process at a different phase of the period.
 *
 * Why not Colyseus's patch timer (a `setInterval` per room): Node re-arms an interval from the event
 * loop's cached time when its callback runs, so intervals that fire late in the same loop turn all
 * come out of it due at the same instant, and stay together from then on. One busy moment (a burst
 * of joins, a major GC) is enough: from then on every room's patch runs in one long turn of the loop,
 * inputs wait behind it, and the patch interval's p99 is that turn's length. Deadlines on an absolute
 * schedule never merge: a late patch is followed by one on time, and the phases keep the rooms'
 * patches spread over the period, each a short task between the loop's I/O.
 */

/** Spreads any number of rooms evenly over the period: the fractional parts of k × φ. */
const GOLDEN_FRACTION = (Math.sqrt(5) - 1) / 2;
/** A timer firing this much before its deadline (the loop's cached time ran behind) waits again, ms. */
const EARLY_TOLERANCE_MS = 0.5;

let pacersMade = 0;

/** The phase of the next room's schedule, as a fraction of the period. */
function nextPhaseFraction(): number {
  pacersMade += 1;
  return (pacersMade * GOLDEN_FRACTION) % 1;
}

/** The first deadline after `now` on the schedule `phase + k × period` (all in ms). */
export function nextDeadline(now: number, periodMs: number, phaseMs: number): number {
  return phaseMs + (Math.floor((now - phaseMs) / periodMs) + 1) * periodMs;
}

export class PatchPacer {
  private readonly phaseMs: number;
  private deadline = 0;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param periodMs time between patches.
   * @param send sends one patch (ArenaRoom.sendPatch).
   * @param phaseFraction where in the period this room's patches fall, [0, 1); each pacer made without
   *   one takes the next of an evenly spread sequence.
   */
  constructor(
    private readonly periodMs: number,
    private readonly send: () => void,
    phaseFraction = nextPhaseFraction(),
  ) {
    this.phaseMs = phaseFraction * periodMs;
  }

  start(): void {
    this.stop();
    const now = performance.now();
    this.deadline = nextDeadline(now, this.periodMs, this.phaseMs);
    this.arm(now);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(now: number): void {
    this.timer = setTimeout(this.fire, Math.max(1, Math.round(this.deadline - now)));
  }

  private readonly fire = (): void => {
    if (performance.now() < this.deadline - EARLY_TOLERANCE_MS) return this.arm(performance.now());
    try {
      this.send();
    } finally {
      // A patch missed while the loop was busy is not sent twice: the next one goes at the next slot.
      const now = performance.now();
      this.deadline = Math.max(this.deadline + this.periodMs, nextDeadline(now, this.periodMs, this.phaseMs));
      if (this.timer !== undefined) this.arm(now);
    }
  };
}
