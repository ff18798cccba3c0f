import { spawn, type ChildProcess } from 'node:child_process';
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

/** A redis-server child process on its own port, without persistence. */
export interface RedisProcess extends Child {
  port: number;
  url: string;
}

/** Starts redis-server on `port` (a free one by default) and resolves once it accepts connections. */
export async function startRedis(port?: number): Promise<RedisProcess> {
  const chosen = port ?? (await freePort());
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const watched = watchChild(child, `redis-server :${chosen}`);
  await watched.waitForLine(/Ready to accept connections/);
  return { ...watched, port: chosen, url: `redis://127.0.0.1:${chosen}` };
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
