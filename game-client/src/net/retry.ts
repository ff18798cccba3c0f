/** Waits between tries to reach a server that is down, ms: about 15 s in all before giving up. */
export const REACH_RETRY_DELAYS_MS = [1000, 2000, 3000, 4000, 5000];

/**
 * Runs `attempt`; while it fails with an error `shouldRetry` accepts, calls `onRetry(tryNumber)` and
 * tries again after the next delay. Rethrows the last error when the delays run out, or at once for
 * an error not worth retrying. `wait` is injectable for tests. @default wait setTimeout
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: {
    shouldRetry: (error: unknown) => boolean;
    onRetry?: (tryNumber: number, of: number) => void;
    delaysMs?: readonly number[];
    wait?: (ms: number) => Promise<void>;
  },
): Promise<T> {
  const delays = policy.delaysMs ?? REACH_RETRY_DELAYS_MS;
  const wait = policy.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let tryNumber = 0; ; tryNumber++) {
    try {
      return await attempt();
    } catch (error) {
      if (tryNumber >= delays.length || !policy.shouldRetry(error)) throw error;
      policy.onRetry?.(tryNumber + 1, delays.length);
      await wait(delays[tryNumber]!);
    }
  }
}
