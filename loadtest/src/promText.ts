/**
 * Reading the server's Prometheus text (GET /metrics) for the benchmark: samples summed over every
 * label set (so one process or several read the same way), and quantiles from histogram buckets.
 */

/** A scrape: series name (without labels) → label string → value. */
export type Scrape = Map<string, Map<string, number>>;

/** Parses Prometheus text exposition into name → labels → value (comments and blank lines skipped). */
export function parsePrometheus(text: string): Scrape {
  const scrape: Scrape = new Map();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const at = line.lastIndexOf(' ');
    const series = line.slice(0, at);
    const brace = series.indexOf('{');
    const name = brace < 0 ? series : series.slice(0, brace);
    const labels = brace < 0 ? '' : series.slice(brace + 1, -1);
    let byLabels = scrape.get(name);
    if (!byLabels) scrape.set(name, (byLabels = new Map<string, number>()));
    byLabels.set(labels, Number(line.slice(at + 1)));
  }
  return scrape;
}

/** The sum of a series over all its label sets (0 when absent). */
export function sumOf(scrape: Scrape, name: string): number {
  let sum = 0;
  for (const value of scrape.get(name)?.values() ?? []) sum += value;
  return sum;
}

/** Histogram bucket counts by upper bound (`le`), summed over every other label, ascending. */
function buckets(scrape: Scrape, name: string): Array<[number, number]> {
  const byBound = new Map<number, number>();
  for (const [labels, value] of scrape.get(`${name}_bucket`) ?? []) {
    const le = /(?:^|,)le="([^"]+)"/.exec(labels)?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    byBound.set(bound, (byBound.get(bound) ?? 0) + value);
  }
  return [...byBound].sort((a, b) => a[0] - b[0]);
}

/** Two scrapes of the same server: what happened between them. */
export interface Window {
  before: Scrape;
  after: Scrape;
}

/**
 * The q-quantile of what a histogram observed between two scrapes, interpolated linearly inside the
 * bucket like PromQL's histogram_quantile (0 when nothing was observed). A quantile in the +Inf bucket
 * reports the highest finite bound.
 */
export function histogramQuantile({ before, after }: Window, name: string, q: number): number {
  const start = new Map(buckets(before, name));
  const counts = buckets(after, name).map(([bound, count]) => [bound, count - (start.get(bound) ?? 0)] as const);
  const total = counts.at(-1)?.[1] ?? 0;
  if (total <= 0) return 0;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of counts) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      return lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / Math.max(1, count - lowerCount);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** The upper bound of the highest bucket that received an observation between two scrapes. */
export function histogramMaxBound({ before, after }: Window, name: string): number {
  const start = new Map(buckets(before, name));
  let max = 0;
  let previous = 0;
  for (const [bound, count] of buckets(after, name)) {
    const delta = count - (start.get(bound) ?? 0);
    if (delta > previous) max = bound === Infinity ? max : bound;
    previous = delta;
  }
  return max;
}
