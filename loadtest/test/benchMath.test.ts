import { describe, expect, test } from 'vitest';
import { TARGETS, clientsAtCpu, efficiency, kneeOf, kneeRatios, saturationReasons } from '../src/benchMath.ts';

const healthy = { tickP99Ms: 1, patchIntervalP99Ms: 60, failedJoins: 0, serverCpuPercent: 50 };

describe('saturation rule (issue 12 targets)', () => {
  test('a step within every target is not saturated', () => {
    expect(saturationReasons(healthy)).toEqual([]);
    expect(saturationReasons({ ...healthy, serverCpuPercent: TARGETS.cpuPercent })).toEqual([]);
  });

  test('each missed target is named', () => {
    expect(saturationReasons({ ...healthy, tickP99Ms: 10 })).toEqual(['tick p99 not under 10 ms']);
    expect(saturationReasons({ ...healthy, patchIntervalP99Ms: 100 })).toEqual(['patch interval p99 not under 100 ms']);
    expect(saturationReasons({ ...healthy, failedJoins: 1 })).toEqual(['failed joins']);
    expect(saturationReasons({ ...healthy, serverCpuPercent: 90.1 })).toEqual(['server CPU over 90%']);
    expect(
      saturationReasons({ tickP99Ms: 20, patchIntervalP99Ms: 300, failedJoins: 2, serverCpuPercent: 99 }),
    ).toHaveLength(4);
  });

  test('a step with no patch interval measured is saturated', () => {
    expect(saturationReasons({ ...healthy, patchIntervalP99Ms: NaN })).toEqual(['no patch interval measured']);
  });
});

describe('knee', () => {
  const step = (clients: number, saturated: string[] = []) => ({ clients, saturated });

  test('is the last step before the first saturated one', () => {
    expect(kneeOf([step(500), step(1000), step(1500, ['x']), step(2000)])?.clients).toBe(1000);
    expect(kneeOf([step(500), step(1000)])?.clients).toBe(1000);
  });

  test('is undefined when the first step is saturated', () => {
    expect(kneeOf([step(500, ['x']), step(1000)])).toBeUndefined();
    expect(kneeOf([])).toBeUndefined();
  });
});

describe('clients at a CPU, interpolated', () => {
  const bare = [
    { clients: 1000, cpuPercent: 20 },
    { clients: 500, cpuPercent: 12 },
    { clients: 2000, cpuPercent: 40 },
  ];

  test('between measured points, in any order', () => {
    expect(clientsAtCpu(bare, 12)).toBe(500);
    expect(clientsAtCpu(bare, 16)).toBe(750);
    expect(clientsAtCpu(bare, 30)).toBe(1500);
  });

  test('below the first point, through the origin', () => {
    expect(clientsAtCpu(bare, 6)).toBe(250);
  });

  test('past the last point, along the last segment', () => {
    expect(clientsAtCpu(bare, 80)).toBe(4000);
    expect(clientsAtCpu([{ clients: 1000, cpuPercent: 20 }], 90)).toBe(4500);
  });

  test('past a last segment where CPU fell (noise), in proportion to the last point', () => {
    const noisy = [
      { clients: 50, cpuPercent: 4.8 },
      { clients: 100, cpuPercent: 4 },
    ];
    expect(clientsAtCpu(noisy, 12)).toBe(300);
  });

  test('NaN without points or when the last point shows no CPU', () => {
    expect(clientsAtCpu([], 50)).toBeNaN();
    expect(clientsAtCpu([{ clients: 500, cpuPercent: 0 }], 50)).toBeNaN();
  });
});

describe('efficiency against bare ws', () => {
  test('our clients at the knee over bare-ws clients at the same CPU', () => {
    const bare = [
      { clients: 1000, cpuPercent: 20 },
      { clients: 2000, cpuPercent: 40 },
    ];
    // Bare ws would hold 4,000 at 80 % CPU; we hold 2,000 there.
    expect(efficiency({ clients: 2000, cpuPercent: 80 }, bare)).toBe(0.5);
    expect(efficiency(undefined, bare)).toBeNaN();
  });
});

describe('knee ratios', () => {
  const base = { clients: 1000, serverCpuPercent: 80, bytesPerClientPerSecond: 2000, rssKBPerClient: 180 };

  test('now over the other run, per figure', () => {
    const now = { clients: 2000, serverCpuPercent: 80, bytesPerClientPerSecond: 1500, rssKBPerClient: 90 };
    expect(kneeRatios(now, base)).toEqual({
      clientsAtKnee: 2,
      cpuPerClient: 0.5,
      bytesPerClient: 0.75,
      rssPerClient: 0.5,
    });
  });

  test('NaN when either run has no knee', () => {
    expect(kneeRatios(undefined, base).clientsAtKnee).toBeNaN();
    expect(kneeRatios(base, undefined).cpuPerClient).toBeNaN();
  });
});
