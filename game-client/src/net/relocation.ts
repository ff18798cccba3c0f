import { CloseCode } from '@colyseus/sdk';
import { SERVER_MOVING_CLOSE_CODE } from '@orb-arena/shared';

/*
 * Moving a player to another server process without the menu: when the room's server drains for a
 * deploy (SERVER_MOVING_CLOSE_CODE), shuts down, or dies (the SDK's reconnection to it gave up), the
 * client rejoins quick play through the matchmaker, which seats it on a live process.
 */

/** True when a room left with `code` should be rejoined elsewhere instead of ending the game. */
export function isRelocation(code: number): boolean {
  return (
    code === SERVER_MOVING_CLOSE_CODE || code === CloseCode.SERVER_SHUTDOWN || code === CloseCode.FAILED_TO_RECONNECT
  );
}

/** How hard the client tries to find a new room. */
export interface RetryOptions {
  /** Joins tried before giving up. @default 6 */
  attempts?: number;
  /** Wait before the second try, ms; doubles each time. @default 250 */
  firstDelayMs?: number;
  /** Longest wait between tries, ms. @default 4000 */
  maxDelayMs?: number;
  /** Waits `ms` (tests pass a fake). @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `join` until it succeeds, waiting with exponential backoff between tries (every process may
 * be busy for a moment during a deploy). Rethrows the last error after `attempts` tries.
 */
export async function retryJoin<T>(join: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 6;
  const sleep = options.sleep ?? wait;
  let delay = options.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await join();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs ?? 4000);
    }
  }
}
