import { matchMaker } from '@colyseus/core';
import { log } from '../logger.ts';

/**
 * Removes the rooms of dead processes from the shared listing every `seconds`. Colyseus health-checks
 * other processes only when one starts or when a seat reservation times out, so after a `kill -9` the
 * dead process's rooms would stay listed; its own healthCheckAllProcesses() pings each process whose
 * presence channel is gone and removes the rooms of those that do not answer (within
 * COLYSEUS_PRESENCE_SHORT_TIMEOUT, 2 s by default). Returns a stop function.
 */
export function startStaleSweep(seconds: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    matchMaker
      .healthCheckAllProcesses()
      .catch((error: unknown) => log.warn({ err: error }, 'stale process sweep failed'))
      .finally(() => {
        running = false;
      });
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
