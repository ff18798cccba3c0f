// `npm run cluster -- --processes 3`: N game server processes on consecutive ports, one machine, one
// Redis. Each gets PORT = base + i and PUBLIC_ADDRESS = <public host>:<its port>, so the matchmaker on any
// of them can seat a player in a room on another. SIGTERM/SIGINT is passed to every process (each
// drains); a second one makes them exit at once. Build the client first (`npm run build`).
//
// Options: --processes N (default 2) --port BASE (default PORT or 2567) --redis URL (default REDIS_URL
// or redis://127.0.0.1:6379) --public-host HOST (default 127.0.0.1; what browsers use to reach this box).
import { execFileSync, spawn } from 'node:child_process';
import console from 'node:console';
import process from 'node:process';
import { URL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '2' },
    port: { type: 'string', default: process.env.PORT ?? '2567' },
    redis: { type: 'string', default: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
    'public-host': { type: 'string', default: '127.0.0.1' },
  },
});
const count = Number(values.processes);
const base = Number(values.port);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(base) || base < 1 || base + count > 65_536) {
  console.error(`cluster: --processes must be >= 1 and --port a port, got ${values.processes} and ${values.port}`);
  process.exit(2);
}

const origins = Array.from({ length: count }, (_, i) => `http://${values['public-host']}:${base + i}`);
// The compiled server, as `npm start` runs it: built once here, run by every process with plain node.
const entry = new URL('../game-server/dist/index.js', import.meta.url).pathname;
execFileSync(process.execPath, [new URL('../game-server/build.mjs', import.meta.url).pathname], { stdio: 'inherit' });
const children = [];

/** Starts process `i` and resolves once it logs that it is listening (or rejects if it exits first). */
function start(i) {
  const port = base + i;
  const child = spawn(process.execPath, [entry], {
    env: {
      NODE_ENV: 'production',
      ...process.env,
      PORT: String(port),
      REDIS_URL: values.redis,
      PUBLIC_ADDRESS: `${values['public-host']}:${port}`,
      // A page served by one process may hold a room on another: allow every process's origin.
      ALLOWED_ORIGINS: [process.env.ALLOWED_ORIGINS, ...origins].filter(Boolean).join(','),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      if (chunk.toString().includes('Orb Arena listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`process on port ${port} exited with ${code} before listening`)));
  });
}

let signals = 0;
const forward = (signal) => {
  signals++;
  console.error(
    `cluster: ${signal} → ${children.length} processes${signals > 1 ? ' (again: exit at once)' : ' (draining)'}`,
  );
  for (const child of children) if (child.exitCode === null) child.kill(signal);
};
process.on('SIGINT', () => forward('SIGINT'));
process.on('SIGTERM', () => forward('SIGTERM'));

try {
  // The first process creates the shared token secret in DATA_DIR (unless JWT_SECRET is set); the
  // others start once it exists, so every process signs and verifies with the same one.
  await start(0);
  await Promise.all(Array.from({ length: count - 1 }, (_, i) => start(i + 1)));
  console.error(`cluster: ${count} processes on ports ${base}-${base + count - 1}, Redis ${values.redis}`);
} catch (error) {
  // A process killed by our own forwarded signal is not a start-up failure.
  if (signals === 0) {
    console.error(`cluster: ${error.message}`);
    forward('SIGTERM');
    process.exitCode = 1;
  }
}
await Promise.all(
  children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null)),
);
process.exit(process.exitCode ?? Math.max(0, ...children.map((child) => child.exitCode ?? 1)));
