import { expect, test } from 'vitest';
import { nextRandom, randomBetween, type RandomSource } from './random.ts';

const draw = (seed: number, count: number) => {
  const source: RandomSource = { rng: seed };
  return Array.from({ length: count }, () => nextRandom(source));
};

test.each([0, 1, 42, 0xffffffff])('seed %d gives the same sequence every time', (seed) => {
  expect(draw(seed, 100)).toEqual(draw(seed, 100));
});

test('different seeds give different sequences', () => {
  expect(draw(1, 10)).not.toEqual(draw(2, 10));
});

test('draws lie in [0, 1), spread over the whole interval, and the state stays a uint32', () => {
  const source: RandomSource = { rng: 7 };
  const buckets = new Array<number>(10).fill(0);
  for (let i = 0; i < 10_000; i++) {
    const value = nextRandom(source);
    expect(value >= 0 && value < 1).toBe(true);
    buckets[Math.floor(value * 10)]!++;
    expect(Number.isInteger(source.rng) && source.rng >= 0 && source.rng <= 0xffffffff).toBe(true);
  }
  for (const count of buckets) expect(count).toBeGreaterThan(800);
});

test.each([
  [20, 3980],
  [-5, 5],
  [100, 100.5],
])('randomBetween(%d, %d) stays inside [min, max)', (min, max) => {
  const source: RandomSource = { rng: 3 };
  for (let i = 0; i < 1000; i++) {
    const value = randomBetween(source, min, max);
    expect(value >= min && value < max).toBe(true);
  }
});
