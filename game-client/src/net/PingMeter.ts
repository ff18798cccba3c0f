/**
 * The round-trip time a player sees as "ping": measured with the protocol's ping/pong (answered by
 * the server at once, so no tick or patch wait is in it) and smoothed with an exponential moving
 * average. The first sample is taken as it is, so the figure never starts at 0; a sample more than
 * `outlierFactor` times the average (a tab that was in the background) moves it only a little.
 */
export class PingMeter {
  private average: number | null = null;

  /**
   * @param weight share of a new sample in the average. @default 0.25
   * @param outlierFactor samples above this multiple of the average count as outliers. @default 4
   */
  constructor(
    private readonly weight = 0.25,
    private readonly outlierFactor = 4,
  ) {}

  /** Adds one measured round trip, ms. Ignores negative or non-finite values. */
  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    if (this.average === null) {
      this.average = ms;
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
