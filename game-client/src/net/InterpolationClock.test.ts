import { describe, expect, test } from 'vitest';
import { randomBetween, type RandomSource } from '@orb-arena/shared';
import { InterpolationClock } from './InterpolationClock.ts';

const PATCH_MS = 50;
/** One-way latency of the simulated link, ms: a patch sent at server time t arrives at local t + 40 + jitter. */
const LATENCY_MS = 40;
/** Defaults: the delay settles at one patch interval + the jitter estimate + this margin. */
const MARGIN_MS = 5;

/**
 * Feeds `clock` patches every PATCH_MS of server time, from `from` for `count` patches, each arriving
 * LATENCY_MS plus up to ±`jitterMs` (seeded) later. Returns the server time after the last one.
 */
function feed(clock: InterpolationClock, run: { from: number; count: number; jitterMs: number; rng: RandomSource }) {
  let serverTime = run.from;
  for (let i = 0; i < run.count; i++, serverTime += PATCH_MS) {
    const jitter = run.jitterMs === 0 ? 0 : randomBetween(run.rng, -run.jitterMs, run.jitterMs);
    clock.onSnapshot(serverTime, serverTime + LATENCY_MS + jitter);
  }
  return serverTime;
}

describe('adaptive delay', () => {
  test('grows with jitter and shrinks back once the link is clean again', () => {
    const clock = new InterpolationClock({ patchIntervalMs: PATCH_MS });
    const rng: RandomSource = { rng: 12345 };
    let t = feed(clock, { from: 0, count: 200, jitterMs: 0, rng });
    const clean = clock.delayMs;
    expect(clean).toBeCloseTo(PATCH_MS + MARGIN_MS, 3);
    expect(clock.jitterMs).toBe(0);

    t = feed(clock, { from: t, count: 200, jitterMs: 40, rng });
    const jittery = clock.delayMs;
    // ±40 ms puts the 90th percentile lateness near 72 ms above the earliest arrival.
    expect(clock.jitterMs).toBeGreaterThan(55);
    expect(jittery).toBeGreaterThan(clean + 50);
    expect(jittery).toBeLessThan(clean + 90);

    feed(clock, { from: t, count: 200, jitterMs: 0, rng });
    expect(clock.jitterMs).toBe(0);
    expect(clock.delayMs).toBeCloseTo(clean, 3);
  });

  test.each([
    [0, 55, 55],
    [10, 65, 80],
    [25, 85, 110],
    [40, 105, 140],
    [5000, 500, 500],
  ])('with ±%i ms of jitter it settles between %i and %i ms', (jitterMs, low, high) => {
    const clock = new InterpolationClock({ patchIntervalMs: PATCH_MS });
    feed(clock, { from: 0, count: 300, jitterMs, rng: { rng: 777 } });
    expect(clock.delayMs).toBeGreaterThanOrEqual(low - 1e-6);
    expect(clock.delayMs).toBeLessThanOrEqual(high + 1e-6);
  });

  test('moves toward its target a fraction per patch instead of jumping', () => {
    const clock = new InterpolationClock({ patchIntervalMs: PATCH_MS, adaptRate: 0.25 });
    // Starts at two patch intervals; a clean link targets one interval plus the margin.
    expect(clock.delayMs).toBe(2 * PATCH_MS);
    clock.onSnapshot(0, LATENCY_MS);
    expect(clock.delayMs).toBeCloseTo(2 * PATCH_MS - 0.25 * (PATCH_MS - MARGIN_MS), 9);
  });
});

describe('render time', () => {
  test('is -Infinity before any patch', () => {
    const clock = new InterpolationClock({ patchIntervalMs: PATCH_MS });
    expect(clock.renderTime(1000)).toBe(-Infinity);
  });

  test('lags the newest patch by the delay when that patch has just arrived', () => {
    const clock = new InterpolationClock({ patchIntervalMs: PATCH_MS });
    const rng: RandomSource = { rng: 1 };
    const next = feed(clock, { from: 10_000, count: 100, jitterMs: 0, rng });
    const newest = next - PATCH_MS;
    expect(newest - clock.renderTime(newest + LATENCY_MS)).toBeCloseTo(clock.delayMs, 6);
    // Between patches it advances with local time.
    expect(newest - clock.renderTime(newest + LATENCY_MS + 20)).toBeCloseTo(clock.delayMs - 20, 6);
  });

  test('never runs backwards, even when the earliest arrival leaves the window and the base offset rises', () => {
    const clock = new InterpolationClock({ patchIntervalMs: PATCH_MS, window: 10 });
    const frames: number[] = [];
    let serverTime = 0;
    let localTime = 0;
    // One patch arrives 35 ms early, then all arrive on time: 10 patches later the base offset jumps.
    for (let i = 0; i < 40; i++, serverTime += PATCH_MS) {
      const arrival = serverTime + LATENCY_MS - (i === 3 ? 35 : 0);
      for (; localTime < arrival; localTime += 4) frames.push(clock.renderTime(localTime));
      clock.onSnapshot(serverTime, arrival);
    }
    const backwards = frames.filter((time, index) => index > 0 && time < frames[index - 1]!);
    expect(backwards).toEqual([]);
    // Render time kept moving overall: it ends within a few patches of the newest.
    expect(frames.at(-1)).toBeGreaterThan(serverTime - 4 * PATCH_MS);
  });
});
