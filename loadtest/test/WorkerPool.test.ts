import { describe, expect, test } from 'vitest';
import type { GrowReply, WorkerReport } from '../src/benchWorker.ts';
import { mergeGrowReplies, mergeReports, parseCpuList, shareOf, workerCpus } from '../src/WorkerPool.ts';

const report = (overrides: Partial<WorkerReport>): WorkerReport => ({
  type: 'report',
  connected: 100,
  seconds: 10,
  cpuPercent: 40,
  bytesReceived: 1000,
  patches: 20,
  inputsSent: 30,
  patchGapsMs: [50],
  decodeErrors: 0,
  messagesReceived: 25,
  eventLoopDelayP99Ms: 5,
  ...overrides,
});

describe('spreading bots over workers', () => {
  test.each([
    ['1', [1]],
    ['1-3', [1, 2, 3]],
    ['1-3,7,9-10', [1, 2, 3, 7, 9, 10]],
  ])('reads the core list %s', (text, cores) => {
    expect(parseCpuList(text)).toEqual(cores);
  });

  test.each(['', 'a', '3-1', '1,,2'])('refuses the core list "%s" with a message naming it', (text) => {
    expect(() => parseCpuList(text)).toThrow(`got "${text}"`);
  });

  test('one worker keeps the whole list, as one process on two cores always did', () => {
    expect(workerCpus('1', 1)).toEqual(['1']);
    expect(workerCpus('1-15', 1)).toEqual(['1-15']);
  });

  test('several workers take one core each, in turn when there are more workers than cores', () => {
    expect(workerCpus('1-4', 3)).toEqual(['1', '2', '3']);
    expect(workerCpus('1-2', 3)).toEqual(['1', '2', '1']);
  });

  test.each([
    [3000, 12],
    [1000, 15],
    [7, 3],
    [2, 5],
  ])('%i clients over %i workers: shares differ by one at most and sum to the total', (total, workers) => {
    const shares = Array.from({ length: workers }, (_, index) => shareOf(total, index, workers));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
  });
});

describe('merging worker replies', () => {
  test('grow replies add up, join times pool, at most five errors are kept', () => {
    const reply = (connected: number, errors: string[]): GrowReply => ({
      type: 'grown',
      connected,
      failed: errors.length,
      joinMs: [connected],
      errors,
    });
    const merged = mergeGrowReplies([reply(10, ['a', 'b', 'c']), reply(20, ['d', 'e', 'f'])]);
    expect(merged).toEqual({
      type: 'grown',
      connected: 30,
      failed: 6,
      joinMs: [10, 20],
      errors: ['a', 'b', 'c', 'd', 'e'],
    });
  });

  test('reports sum counts and CPU, pool patch gaps, keep the longest window, the busiest worker and the worst loop delay', () => {
    const merged = mergeReports([
      report({ cpuPercent: 40, patchGapsMs: [50, 60], eventLoopDelayP99Ms: 5, seconds: 10 }),
      report({ cpuPercent: 70, patchGapsMs: [200], eventLoopDelayP99Ms: 30, seconds: 10.2 }),
    ]);
    expect(merged).toEqual({
      type: 'report',
      connected: 200,
      seconds: 10.2,
      cpuPercent: 110,
      maxWorkerCpuPercent: 70,
      bytesReceived: 2000,
      patches: 40,
      inputsSent: 60,
      patchGapsMs: [50, 60, 200],
      decodeErrors: 0,
      messagesReceived: 50,
      eventLoopDelayP99Ms: 30,
    });
  });

  test("a figure a baseline's worker does not report stays absent", () => {
    const merged = mergeReports([
      report({ messagesReceived: undefined, eventLoopDelayP99Ms: undefined }),
      report({ messagesReceived: undefined, eventLoopDelayP99Ms: undefined }),
    ]);
    expect(merged.messagesReceived).toBeUndefined();
    expect(merged.eventLoopDelayP99Ms).toBeUndefined();
  });

  test('one worker merges to its own report', () => {
    const only = report({ cpuPercent: 55 });
    expect(mergeReports([only])).toEqual({ ...only, maxWorkerCpuPercent: 55 });
  });
});
