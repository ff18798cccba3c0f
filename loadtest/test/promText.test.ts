import { describe, expect, test } from 'vitest';
import { GameMetrics } from '../../game-server/src/metrics.ts';
import { histogramMaxBound, histogramQuantile, parsePrometheus, sumOf } from '../src/promText.ts';

/* The benchmark reads the server's real prom-client output: feed it exactly that. */

describe('reading Prometheus text for the benchmark', () => {
  test('sums a counter over every label set, so one process or several read the same', async () => {
    const metrics = new GameMetrics();
    metrics.countDrop('flood');
    metrics.countDrop('flood');
    metrics.countDrop('invalid');
    const scrape = parsePrometheus(await metrics.render());
    expect(sumOf(scrape, 'orb_clients_dropped_total')).toBe(3);
    expect(sumOf(scrape, 'orb_missing_total')).toBe(0);
  });

  test('takes quantiles and the top bucket from histogram deltas between two scrapes', async () => {
    const metrics = new GameMetrics();
    metrics.recordTick(40, 33); // before the window: must not count
    const before = parsePrometheus(await metrics.render());
    for (let i = 0; i < 98; i++) metrics.recordTick(0.8, 33); // bucket (0.5 ms, 1 ms]
    metrics.recordTick(12, 33); // bucket (10 ms, 15 ms]
    metrics.recordTick(12, 33);
    const after = parsePrometheus(await metrics.render());
    const name = 'orb_tick_duration_seconds';
    const p50 = histogramQuantile({ before, after }, name, 0.5);
    expect(p50).toBeGreaterThan(0.0005);
    expect(p50).toBeLessThanOrEqual(0.001);
    const p99 = histogramQuantile({ before, after }, name, 0.99);
    expect(p99).toBeGreaterThan(0.01);
    expect(p99).toBeLessThanOrEqual(0.015);
    expect(histogramMaxBound({ before, after }, name)).toBe(0.015);
    expect(histogramQuantile({ before: after, after }, name, 0.5)).toBe(0);
  });
});
