/*
 * The bench's pure arithmetic: when a step is saturated, where the knee is, how two runs compare, and
 * how efficient the server is against a bare `ws` server at the same CPU. Kept apart from bench.ts so
 * it is tested without starting anything.
 */

/** The targets: a step meets them all or it is saturated. */
export const TARGETS = {
  /** Tick duration p99, ms. */
  tickP99Ms: 10,
  /** Interval between patches at the clients, p99, ms (two patch periods). */
  patchIntervalP99Ms: 100,
  /** Server CPU, percent of one core. */
  cpuPercent: 90,
} as const;

/** What a step's saturation check reads. */
export interface StepHealth {
  tickP99Ms: number;
  patchIntervalP99Ms: number;
  failedJoins: number;
  serverCpuPercent: number;
}

/** The targets a step missed, in words; empty when it met them all. */
export function saturationReasons(step: StepHealth): string[] {
  const reasons: string[] = [];
  if (!(step.tickP99Ms < TARGETS.tickP99Ms)) reasons.push(`tick p99 not under ${TARGETS.tickP99Ms} ms`);
  // No gap measured at all (no full bot saw two patches that moved it) counts as missed, not as met.
  if (Number.isNaN(step.patchIntervalP99Ms)) reasons.push('no patch interval measured');
  else if (!(step.patchIntervalP99Ms < TARGETS.patchIntervalP99Ms)) {
    reasons.push(`patch interval p99 not under ${TARGETS.patchIntervalP99Ms} ms`);
  }
  if (step.failedJoins > 0) reasons.push('failed joins');
  if (!(step.serverCpuPercent <= TARGETS.cpuPercent)) reasons.push(`server CPU over ${TARGETS.cpuPercent}%`);
  return reasons;
}

/** The last step of the ramp that met every target before the first that did not; undefined if none. */
export function kneeOf<T extends { saturated: readonly string[] }>(steps: readonly T[]): T | undefined {
  let knee: T | undefined;
  for (const step of steps) {
    if (step.saturated.length > 0) break;
    knee = step;
  }
  return knee;
}

export interface CpuPoint {
  clients: number;
  cpuPercent: number;
}

/**
 * Clients a series would hold at `cpuPercent`, by linear interpolation between its measured points
 * (sorted by clients). Below the first point the line runs through the origin; past the last one it
 * extends the last segment, or the line from the origin when CPU did not rise on that segment. NaN
 * without points or when the last point shows no CPU.
 */
export function clientsAtCpu(points: readonly CpuPoint[], cpuPercent: number): number {
  const sorted = [...points].sort((a, b) => a.clients - b.clients);
  const line = [{ clients: 0, cpuPercent: 0 }, ...sorted];
  if (sorted.length === 0) return NaN;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const within =
      cpuPercent >= Math.min(a.cpuPercent, b.cpuPercent) && cpuPercent <= Math.max(a.cpuPercent, b.cpuPercent);
    if (within && b.cpuPercent !== a.cpuPercent) {
      return a.clients + ((cpuPercent - a.cpuPercent) / (b.cpuPercent - a.cpuPercent)) * (b.clients - a.clients);
    }
  }
  const b = line.at(-1)!;
  // Past the last point: along the last segment while CPU rises on it, else (noise at small counts,
  // where CPU barely moves) in proportion to the last point.
  const a = b.cpuPercent > line.at(-2)!.cpuPercent ? line.at(-2)! : line[0]!;
  if (b.cpuPercent <= a.cpuPercent) return NaN;
  return b.clients + ((cpuPercent - b.cpuPercent) / (b.cpuPercent - a.cpuPercent)) * (b.clients - a.clients);
}

/**
 * Our clients at the knee over the clients a bare `ws` server holds at the same CPU: 1.0 would mean
 * the game costs no more per client than sending its patches does.
 */
export function efficiency(knee: CpuPoint | undefined, bare: readonly CpuPoint[]): number {
  if (!knee) return NaN;
  return knee.clients / clientsAtCpu(bare, knee.cpuPercent);
}

/** What the comparison of two runs reads from each one's knee. */
export interface KneeFigures {
  clients: number;
  serverCpuPercent: number;
  bytesPerClientPerSecond: number;
  rssKBPerClient: number;
}

export interface KneeRatios {
  /** now / other: above 1 is better. */
  clientsAtKnee: number;
  /** now / other: below 1 is better. */
  cpuPerClient: number;
  bytesPerClient: number;
  rssPerClient: number;
}

/** Ratios of this run's knee to another's (the baseline or a lever); NaN where either has no knee. */
export function kneeRatios(now: KneeFigures | undefined, other: KneeFigures | undefined): KneeRatios {
  const ratio = (read: (figures: KneeFigures) => number) => (now && other ? round(read(now) / read(other), 2) : NaN);
  return {
    clientsAtKnee: ratio((figures) => figures.clients),
    cpuPerClient: ratio((figures) => figures.serverCpuPercent / figures.clients),
    bytesPerClient: ratio((figures) => figures.bytesPerClientPerSecond),
    rssPerClient: ratio((figures) => figures.rssKBPerClient),
  };
}

export function round(value: number, digits = 1): number {
  return Number(value.toFixed(digits));
}
