/** Value at quantile q (0..1) of `values` (nearest rank); NaN when empty. Does not modify the input. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** p50, p99 and max of `values`, rounded to `digits` decimals. */
export function summarize(values: readonly number[], digits = 3): { p50: number; p99: number; max: number } {
  const round = (value: number) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : NaN);
  return {
    p50: round(quantile(values, 0.5)),
    p99: round(quantile(values, 0.99)),
    max: round(values.length ? Math.max(...values) : NaN),
  };
}
