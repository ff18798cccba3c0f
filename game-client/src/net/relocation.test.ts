import { CloseCode } from '@colyseus/sdk';
import { SERVER_MOVING_CLOSE_CODE } from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { isRelocation, retryJoin } from './relocation.ts';

describe('moving to another server', () => {
  test.each([
    [SERVER_MOVING_CLOSE_CODE, true],
    [CloseCode.SERVER_SHUTDOWN, true],
    [CloseCode.FAILED_TO_RECONNECT, true],
    [CloseCode.CONSENTED, false],
    [CloseCode.WITH_ERROR, false],
  ])('close code %i relocates: %s', (code, expected) => {
    expect(isRelocation(code)).toBe(expected);
  });

  test('retries a failing join with doubling waits, capped, until it succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryJoin(
      () => (++calls < 4 ? Promise.reject(new Error(`busy ${calls}`)) : Promise.resolve('seated')),
      { firstDelayMs: 100, maxDelayMs: 300, sleep: (ms) => (waits.push(ms), Promise.resolve()) },
    );
    expect(result).toBe('seated');
    expect(waits).toEqual([100, 200, 300]);
  });

  test('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    await expect(
      retryJoin(() => Promise.reject(new Error(`busy ${++calls}`)), { attempts: 3, sleep: () => Promise.resolve() }),
    ).rejects.toThrow('busy 3');
  });
});
