import { expect, test } from 'vitest';
import { withRetries } from './retry.ts';

const noWait = () => Promise.resolve();

test('retries an unreachable server and returns once it answers', async () => {
  let calls = 0;
  const retries: number[] = [];
  const result = await withRetries(
    () => (++calls < 3 ? Promise.reject(new TypeError('Failed to fetch')) : Promise.resolve('joined')),
    {
      shouldRetry: (error) => error instanceof TypeError,
      onRetry: (n) => retries.push(n),
      delaysMs: [1, 1, 1],
      wait: noWait,
    },
  );
  expect(result).toBe('joined');
  expect(retries).toEqual([1, 2]);
});

test('gives up with the last error when the delays run out', async () => {
  let calls = 0;
  const attempt = () => Promise.reject(new TypeError(`down ${++calls}`));
  await expect(withRetries(attempt, { shouldRetry: () => true, delaysMs: [1, 1], wait: noWait })).rejects.toThrow(
    'down 3',
  );
});

test('does not retry an error that is not about reaching the server', async () => {
  let calls = 0;
  const attempt = () => {
    calls++;
    return Promise.reject(new Error('name must not be empty'));
  };
  await expect(withRetries(attempt, { shouldRetry: () => false, wait: noWait })).rejects.toThrow('name must');
  expect(calls).toBe(1);
});
