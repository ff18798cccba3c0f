export interface InterpolationClockOptions {
  /** Server patch interval, ms. */
  patchIntervalMs: number;
  /** Snapshots the jitter estimate looks back over. @default 60 (3 s at 20 Hz) */
  window?: number;
  /** Lowest delay, in patch intervals. @default 1 */
  minIntervals?: number;
  /** Highest delay, ms. @default 500 */
  maxDelayMs?: number;
  /** Extra safety margin added to the jitter estimate, ms. @default 5 */
  marginMs?: number;
  /** Fraction of the gap to the target delay closed per snapshot, so the delay never jumps. @default 0.1 */
  adaptRate?: number;
}

/**
 * Maps local time to the server time at which remote entities are drawn, "render time", a little in
 * the past so two snapshots almost always surround it. It watches how late each patch arrives compared
 * with the fastest one seen recently; the delay is one patch interval plus a high percentile of that
 * lateness, so it is small on a clean link and grows with jitter, then shrinks back when the link
 * calms. Render time never runs backwards.
 */
export class InterpolationClock {
  private readonly offsets: number[] = [];
  private readonly window: number;
  private readonly minDelay: number;
  private readonly maxDelay: number;
  private readonly margin: number;
  private readonly adaptRate: number;
  private currentDelay: number;
  private baseOffset = 0;
  private lastRender = -Infinity;
  /** Current jitter estimate (90th percentile lateness), ms. */
  jitterMs = 0;

  constructor(options: InterpolationClockOptions) {
    this.window = options.window ?? 60;
    this.minDelay = options.patchIntervalMs * (options.minIntervals ?? 1);
    this.maxDelay = options.maxDelayMs ?? 500;
    this.margin = options.marginMs ?? 5;
    this.adaptRate = options.adaptRate ?? 0.1;
    this.currentDelay = this.minDelay * 2;
  }

  /** Interpolation delay in ms behind the freshest possible server time. */
  get delayMs(): number {
    return this.currentDelay;
  }

  /** Feeds one patch: its server time and the local time it arrived, both ms. */
  onSnapshot(serverTime: number, localTime: number): void {
    const offset = localTime - serverTime;
    this.offsets.push(offset);
    if (this.offsets.length > this.window) this.offsets.shift();
    this.baseOffset = Math.min(...this.offsets);
    const lateness = this.offsets.map((value) => value - this.baseOffset).sort((a, b) => a - b);
    this.jitterMs = lateness[Math.floor((lateness.length - 1) * 0.9)]!;
    const target = Math.min(this.maxDelay, Math.max(this.minDelay, this.minDelay + this.jitterMs + this.margin));
    this.currentDelay += (target - this.currentDelay) * this.adaptRate;
  }

  /** The server time to render remote entities at, for local time `localTime` (ms). Monotonic. */
  renderTime(localTime: number): number {
    if (this.offsets.length === 0) return -Infinity;
    const time = localTime - this.baseOffset - this.currentDelay;
    this.lastRender = Math.max(this.lastRender, time);
    return this.lastRender;
  }
}
