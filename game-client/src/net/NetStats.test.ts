import { describe, expect, test } from 'vitest';
import { RateMeter } from './NetStats.ts';

describe('RateMeter', () => {
  // Events at these local times (ms), each of amount 1 unless given.
  const events: [time: number, amount?: number][] = [[0], [200], [500, 300], [999], [1000, 40], [1600]];

  test.each([
    [1000, 1 + 300 + 1 + 40, 'the event exactly 1000 ms ago is out'],
    [1199, 1 + 300 + 1 + 40, 'the event at 200 is still in'],
    [1200, 300 + 1 + 40, 'the event at 200 just left'],
    [1600, 1 + 40 + 1, 'only 999, 1000 and 1600 are in'],
    [2500, 1, 'only 1600 is in'],
    [2600, 0, 'everything is older than a second'],
  ])('at %i ms it sums %i: %s', (now, total) => {
    const meter = new RateMeter();
    for (const [time, amount] of events) if (time <= now) meter.add(time, amount);
    expect(meter.perSecond(now)).toBe(total);
  });

  test('reading the rate later drops what has aged out since the last event', () => {
    const meter = new RateMeter();
    for (let time = 0; time < 1000; time += 50) meter.add(time);
    expect(meter.perSecond(999)).toBe(20);
    expect(meter.perSecond(1500)).toBe(9);
    expect(meter.perSecond(5000)).toBe(0);
  });

  test('a new meter reads 0', () => {
    expect(new RateMeter().perSecond(123)).toBe(0);
  });
});
