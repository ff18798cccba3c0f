import type { Server } from '@colyseus/core';
import { runShutdownHooks } from '../lifecycle.ts';
import { log } from '../logger.ts';
import { drain } from './drain.ts';

/** How long each shutdown hook (score flush, ...) may take before exit goes on without it, ms. */
const SHUTDOWN_HOOK_TIMEOUT_MS = 15_000;

/**
 * Production signal handling (index.ts): the first SIGTERM or SIGINT drains (scale/drain.ts), runs
 * the shutdown hooks, lets Colyseus shut down, and exits 0; a second signal exits at once with 1.
 * An uncaught exception shuts down at once (the process state can no longer be trusted); an
 * unhandled rejection (e.g. a Redis write while Redis is away) is logged and the matches go on.
 */
export function handleSignals(server: Server, drainSeconds: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.warn({ signal, drainSeconds }, 'signal received: draining (send it again to exit at once)');
    void drainAndExit(server, drainSeconds);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception: shutting down');
    void server.gracefullyShutdown(true, error);
  });
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason }, 'unhandled promise rejection (the server keeps running)');
  });
}

async function drainAndExit(server: Server, drainSeconds: number): Promise<void> {
  await drain.start(drainSeconds);
  log.info('drained: every room is empty; running shutdown hooks');
  await runShutdownHooks(SHUTDOWN_HOOK_TIMEOUT_MS);
  await server.gracefullyShutdown(false);
  log.info('shut down cleanly');
  process.exit(0);
}
