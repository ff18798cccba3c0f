/** Counts events over a sliding one-second window, e.g. patches or bytes per second. */
export class RateMeter {
  private readonly samples: { time: number; amount: number }[] = [];

  add(time: number, amount = 1): void {
    this.samples.push({ time, amount });
    this.trim(time);
  }

  /** Sum of amounts in the second before `time`. */
  perSecond(time: number): number {
    this.trim(time);
    let total = 0;
    for (const sample of this.samples) total += sample.amount;
    return total;
  }

  private trim(time: number): void {
    while (this.samples.length > 0 && this.samples[0]!.time <= time - 1000) this.samples.shift();
  }
}
