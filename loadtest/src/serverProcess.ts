import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A game server running in its own Node process, as in production (no dev tooling). */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  endpoint: string;
  stop(): Promise<void>;
}

/** The compiled production entry, run with plain node (game-server/build.mjs writes it). */
export const SERVER_ENTRY = new URL('../../game-server/dist/index.js', import.meta.url).pathname;
/** The TypeScript source as `npm run dev` runs it (through tsx): only to compare against the bundle. */
const SOURCE_ENTRY = new URL('../../game-server/src/index.ts', import.meta.url).pathname;
const BUILD_SCRIPT = new URL('../../game-server/build.mjs', import.meta.url).pathname;
let built = false;

/** Bundles the server (about a second), once per calling process, so nobody starts a stale bundle. */
export function buildServer(): void {
  if (built) return;
  execFileSync(process.execPath, [BUILD_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
  built = true;
}

/** Every bot plays from 127.0.0.1: lift the per-address limits (docs/security.md) for benchmarks. */
const CROWD_ENV = {
  MAX_ROOMS: '100000',
  ROOMS_PER_ADDRESS_PER_MINUTE: '100000',
  GUESTS_PER_ADDRESS_PER_MINUTE: '100000',
  SOCKETS_PER_ADDRESS: '100000',
  RESERVATIONS_PER_ADDRESS: '100000',
};

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Builds and starts the compiled server (`game-server/dist/index.js`, plain node, as `npm start` runs it)
 * on a free loopback port with NODE_ENV=production and resolves once /healthz answers. `taskset` pins it to CPU cores when given (e.g. "0").
 */
export async function startServerProcess(
  options: {
    env?: NodeJS.ProcessEnv;
    cpus?: string;
    nodeArgs?: string[];
    /** 'tsx' runs the source through the TypeScript loader instead of the bundle (an A/B reference). @default 'bundle' */
    entry?: 'bundle' | 'tsx';
    /** A prebuilt server bundle to run as is, with no build (the device kit's); overrides `entry`. */
    entryFile?: string;
  } = {},
): Promise<ServerProcess> {
  if (!options.entryFile && options.entry !== 'tsx') buildServer();
  const port = await freePort();
  // Its own data folder (token secret, leaderboard file), removed when it stops, unless one is given.
  const dataDir = options.env?.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'orb-server-'));
  const entry = options.entryFile
    ? [options.entryFile]
    : options.entry === 'tsx'
      ? ['--import', 'tsx', SOURCE_ENTRY]
      : [SERVER_ENTRY];
  const nodeArgs = [...(options.nodeArgs ?? []), ...entry];
  const command = options.cpus ? 'taskset' : process.execPath;
  const args = options.cpus ? ['-c', options.cpus, process.execPath, ...nodeArgs] : nodeArgs;
  const child = spawn(command, args, {
    // No filler bots unless asked: a benchmark measures the clients it starts itself.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      FILLER_BOTS: '0',
      ...CROWD_ENV,
      ...(dataDir && { DATA_DIR: dataDir }),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[server] ${chunk.toString()}`));
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before listening`);
    try {
      if ((await fetch(`${endpoint}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer ${endpoint}/healthz within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    port,
    endpoint,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
