import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, freePort, SERVER_ENTRY } from '../../loadtest/src/serverProcess.ts';

/*
 * Real processes for the scale-out tests: a redis-server child on a free port (never the machine's
 * 6379) and game servers running the compiled bundle exactly as in production. Each helper waits on an event
 * (a line on stdout, an HTTP answer, an exit), and every process is stopped by the test that started it.
 */

export { buildServer, freePort, SERVER_ENTRY };

const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

/** A child process with its output kept for failure messages. */
export interface Child {
  child: ChildProcess;
  /** The last 20 kB of stdout and stderr. */
  output: () => string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** Resolves when a line matching `pattern` has been printed (now or earlier). */
  waitForLine: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
}

/** Wraps a spawned process: keeps its output and reports its exit. */
export function watchChild(child: ChildProcess, name: string): Child {
  let output = '';
  const waiters = new Set<() => void>();
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  const waitForLine = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(output);
        if (!match) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(match[0]);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${name} printed nothing matching ${pattern} within ${timeoutMs} ms; output:\n${output}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { child, output: () => output, exited, waitForLine };
}

/** Stops a child: `signal`, then SIGKILL if it is still alive after `graceMs`. Resolves on exit. */
export async function stopChild(process: Child, signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000) {
  if (process.child.exitCode !== null || process.child.signalCode !== null) return process.exited;
  process.child.kill(signal);
  const guard = setTimeout(() => process.child.kill('SIGKILL'), graceMs);
  try {
    return await process.exited;
  } finally {
    clearTimeout(guard);
  }
}

/** A real redis-server child process on its own loopback port (never the machine's 6379). */
export interface RedisProcess {
  port: number;
  url: string;
  /** The running process's last 20 kB of output. */
  output: () => string;
  /** Stops the server (SIGTERM lets a durable one write its append-only file) and resolves on exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>;
  /** Starts it again on the same port (and, when durable, the same folder: its writes are loaded back). */
  start: () => Promise<void>;
  /** Stops it for good and removes its folder. */
  dispose: () => Promise<void>;
}

export interface RedisOptions {
  /** @default a free port */
  port?: number;
  /**
   * Keep every acknowledged write across a stop and start: an fsync-always append-only file in a
   * temporary folder. Otherwise nothing is written to disk and a restart starts empty.
   * @default false
   */
  durable?: boolean;
}

/**
 * Starts redis-server and resolves once it accepts connections. `.ci/run` installs Debian's
 * redis-server when it is missing.
 */
export async function startRedis(options: RedisOptions = {}): Promise<RedisProcess> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'orb-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no'];
  args.push(...(options.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  let running: Child | undefined;
  const start = async () => {
    running = watchChild(spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] }), `redis-server :${port}`);
    await Promise.race([
      running.waitForLine(/Ready to accept connections/),
      running.exited.then((code) => {
        throw new Error(`redis-server :${port} exited (${code}) before it was ready:\n${running!.output()}`);
      }),
    ]);
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (running) await stopChild(running, signal);
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    output: () => running?.output() ?? '',
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A game server process (the compiled bundle), as production runs it. */
export interface ServerProcess extends Child {
  port: number;
  endpoint: string;
}

/** Builds and starts the server with `env` on `port` (a free one by default); resolves once it logged "listening". */
export async function startServer(env: NodeJS.ProcessEnv, port?: number): Promise<ServerProcess> {
  buildServer();
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      ...process.env,
      VITEST: undefined,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      PORT: String(chosen),
      HOST: '127.0.0.1',
      // Every test player signs in from 127.0.0.1; the limit itself is tested in security/limits.test.ts.
      GUESTS_PER_ADDRESS_PER_MINUTE: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watched = watchChild(child, `server :${chosen}`);
  await Promise.race([
    watched.waitForLine(/Orb Arena listening/, 30_000),
    watched.exited.then((code) => {
      throw new Error(`server :${chosen} exited (${code}) before listening:\n${watched.output()}`);
    }),
  ]);
  return { ...watched, port: chosen, endpoint: `http://127.0.0.1:${chosen}` };
}
