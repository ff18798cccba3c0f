import { log } from './logger.ts';

/*
 * What must finish before the process exits: shutdown hooks (e.g. flushing score submissions to the
 * store) and pending writes started elsewhere. The drain (scale/drain.ts) awaits runShutdownHooks()
 * after every room has emptied and before Colyseus's own shutdown; tests and other modules may too.
 */

/** A named step awaited before exit. */
interface ShutdownHook {
  name: string;
  run: () => Promise<void> | void;
}

const hooks: ShutdownHook[] = [];
const pending = new Set<Promise<unknown>>();

/** Registers `run` to be awaited before the process exits (hooks run in registration order). */
export function onShutdown(name: string, run: () => Promise<void> | void): void {
  hooks.push({ name, run });
}

/**
 * Tracks a write the process must not exit before (e.g. a score submission). Returns the same
 * promise; a rejection is still the caller's to handle.
 */
export function trackPending<T>(promise: Promise<T>): Promise<T> {
  pending.add(promise);
  const forget = () => pending.delete(promise);
  promise.then(forget, forget);
  return promise;
}

/**
 * Awaits every pending write, then every hook, each bounded by `timeoutMs` (a hung store must not
 * keep a deploy waiting forever). Failures are logged, never thrown.
 */
export async function runShutdownHooks(timeoutMs: number): Promise<void> {
  await withTimeout('pending writes', Promise.allSettled([...pending]), timeoutMs);
  for (const hook of hooks) {
    await withTimeout(hook.name, Promise.resolve().then(hook.run), timeoutMs);
  }
}

async function withTimeout(name: string, work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([work, timeout]);
    if (outcome === 'timeout') log.error({ hook: name, timeoutMs }, `shutdown step "${name}" timed out`);
  } catch (error) {
    log.error({ err: error, hook: name }, `shutdown step "${name}" failed`);
  } finally {
    clearTimeout(timer);
  }
}
