import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { buildServer, freePort, SERVER_ENTRY } from '../processes.ts';

/** The server as production runs it: its own process, NODE_ENV=production, on a free loopback port. */
export interface ServerProcess {
  child: ChildProcess;
  /** The PID of the node process serving (for `npm start`, npm's child). */
  serverPid: () => number;
  port: number;
  endpoint: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /**
   * Resolves once the output matches `pattern` (a log line can arrive after the HTTP answer that
   * caused it: the pipe and the socket are not ordered).
   */
  waitForOutput: (pattern: RegExp) => Promise<void>;
  /** SIGTERM, then SIGKILL by PID if it is still there after 5 s (a hung server ignores SIGTERM). */
  stop: () => Promise<void>;
}

const GAME_SERVER_DIR = new URL('../../', import.meta.url).pathname;
const STOP_GRACE_MS = 5000;

/** True while a process with this PID exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resident memory of a process, bytes (Linux /proc). */
export function residentBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * Starts the game server in a child process and resolves once /healthz answers. `via: 'npm'` runs
 * `npm start` in game-server/ (it builds the bundle, then runs it), otherwise the bundle with node directly.
 */
export async function startServerProcess(
  options: { env?: Record<string, string>; via?: 'node' | 'npm' } = {},
): Promise<ServerProcess> {
  if (options.via !== 'npm') buildServer();
  const port = await freePort();
  // No filler bots: these tests count rooms, seats and CPU-bound floods of their own clients.
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    FILLER_BOTS: '0',
    ...options.env,
  };
  const child =
    options.via === 'npm'
      ? spawn('npm', ['start'], { cwd: GAME_SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, [SERVER_ENTRY], { cwd: GAME_SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Last resort if the test process ends without stop() (a hook timed out): no orphaned server.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    serverPid: () => (options.via === 'npm' ? childPidOf(child.pid!) : child.pid!),
    port,
    endpoint,
    output: () => output,
    waitForOutput: (pattern) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!pattern.test(output)) return;
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          resolve();
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        check();
      }),
    stop: () => stopProcess(server),
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening:\n${output}`);
    if (await answersHealth(endpoint, 1000)) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`server did not answer ${endpoint}/healthz within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** True when GET /healthz answers 200 within `timeoutMs`. */
export async function answersHealth(endpoint: string, timeoutMs: number): Promise<boolean> {
  try {
    return (await fetch(`${endpoint}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })).ok;
  } catch {
    return false;
  }
}

/** The single child of `pid` (npm's node), read from /proc. */
function childPidOf(pid: number): number {
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  if (children.length !== 1) throw new Error(`expected one child of ${pid}, found [${children.join(', ')}]`);
  return Number(children[0]);
}

async function stopProcess(server: ServerProcess): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const pids = [child.pid!];
  try {
    if (server.serverPid() !== child.pid) pids.push(server.serverPid());
  } catch {
    // npm's child already gone
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }, STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
