import { expect, test } from 'vitest';
import { PingMeter } from './PingMeter.ts';

test('has no figure before the first sample, then starts at it (never at 0)', () => {
  const meter = new PingMeter();
  expect(meter.ms).toBeNull();
  meter.add(42);
  expect(meter.ms).toBe(42);
});

test('smooths: one jumpy sample moves the figure a quarter of the way', () => {
  const meter = new PingMeter(0.25, 4, 1);
  meter.add(40);
  meter.add(80);
  expect(meter.ms).toBe(50);
});

test('a spike far above the average (a background tab) barely moves it', () => {
  const meter = new PingMeter(0.25, 4, 1);
  meter.add(20);
  meter.add(2020);
  expect(meter.ms).toBeCloseTo(20 + 2000 / 16, 9);
});

test.each([NaN, -5, Infinity])('ignores %f', (bad) => {
  const meter = new PingMeter();
  meter.add(30);
  meter.add(bad);
  expect(meter.ms).toBe(30);
});

test('a slow first answer (the page still starting) does not hold the figure up: warm-up takes the smallest', () => {
  const meter = new PingMeter(0.25, 4, 3);
  expect(meter.warmingUp).toBe(true);
  meter.add(420);
  meter.add(60);
  meter.add(75);
  expect(meter.warmingUp).toBe(false);
  expect(meter.ms).toBe(60);
  // Past the warm-up it averages again.
  meter.add(100);
  expect(meter.ms).toBe(70);
});
