/**
 * The round-trip time a player sees as "ping": measured with the protocol's ping/pong (answered by
 * the server at once, so no tick or patch wait is in it) and smoothed with an exponential moving
 * average; a sample more than `outlierFactor` times the average (a tab that was in the background)
 * moves it only a little.
 *
 * The first samples are taken while the page is still busy starting the game (loading, the first
 * frames), which only ever adds delay: over the warm-up the figure is the smallest sample so far, so
 * a slow first answer doesn't show a ping several times too high for the next ten or twenty seconds
 * (found on a loaded machine: 283-433 ms, then 49-139 ms). The figure never starts at 0.
 */
export class PingMeter {
  private average: number | null = null;
  private samples = 0;

  /**
   * @param weight share of a new sample in the average. @default 0.25
   * @param outlierFactor samples above this multiple of the average count as outliers. @default 4
   * @param warmUpSamples how many first samples give the smallest one instead of an average. @default 3
   */
  constructor(
    private readonly weight = 0.25,
    private readonly outlierFactor = 4,
    private readonly warmUpSamples = 3,
  ) {}

  /** Still taking the first samples: the connection pings more often meanwhile. */
  get warmingUp(): boolean {
    return this.samples < this.warmUpSamples;
  }

  /** Adds one measured round trip, ms. Ignores negative or non-finite values. */
  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const warmingUp = this.warmingUp;
    this.samples += 1;
    if (this.average === null || warmingUp) {
      this.average = Math.min(this.average ?? ms, ms);
      return;
    }
    const weight = ms > this.average * this.outlierFactor ? this.weight / 4 : this.weight;
    this.average += (ms - this.average) * weight;
  }

  /** The smoothed round trip, ms, or null before the first sample. */
  get ms(): number | null {
    return this.average;
  }
}
