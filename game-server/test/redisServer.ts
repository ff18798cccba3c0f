import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../loadtest/src/serverProcess.ts';

/** A real `redis-server` child process on a free loopback port, with its data in a temporary folder. */
export interface RedisProcess {
  url: string;
  port: number;
  /** Stops the server (SIGTERM; it writes its append-only file) and resolves once it exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder: what it had written is loaded back. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  dispose(): Promise<void>;
}

/**
 * Starts `redis-server` (never the machine's own on 6379) with an fsync-always append-only file, so a
 * restart keeps every acknowledged write. `.ci/run` installs Debian's redis-server when it is missing.
 */
export async function startRedis(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'orb-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
    args.push('--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no');
    child = await spawnReady(args);
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Spawns redis-server and resolves once it logs that it accepts connections. */
function spawnReady(args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.once('error', (error) => reject(new Error(`redis-server could not start: ${error.message}`)));
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited with code ${code} before it was ready:\n${log}`)),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('Ready to accept connections')) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve(child);
      }
    });
    child.stderr.resume();
  });
}
