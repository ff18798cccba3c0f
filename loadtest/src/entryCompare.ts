/**
 * Compiled bundle vs the tsx loader, interleaved in one run: the same server (pinned to one core) with
 * the same light bots (on another core), each variant started fresh. Prints per run the server's RSS
 * idle and under load and its CPU under load (from /proc, the whole process), then the ratios of the means.
 *
 *   node --import tsx loadtest/src/entryCompare.ts --clients 200 --rounds 2 --seconds 15
 *
 * Figures from a busy machine are only meaningful as the ratio between variants of one run.
 */
import { fork } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { GrowReply, WorkerCommand } from './benchWorker.ts';
import { startServerProcess, type ServerProcess } from './serverProcess.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '15' },
    cpus: { type: 'string', default: '0,1' },
  },
});
const clients = Number(values.clients);
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const [serverCpu, botCpu] = values.cpus.split(',');
/** Clock ticks per second of /proc/<pid>/stat's utime and stime (Linux: 100). */
const CLOCK_TICKS = 100;
/** Every bot light (none decodes): the load generator stays cheap. */
const FULL_EVERY = 1_000_000;

function residentMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

/** CPU seconds the process has used so far (user + system). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunResult {
  entry: 'bundle' | 'tsx';
  idleRssMb: number;
  loadRssMb: number;
  cpuPercent: number;
  connected: number;
}

async function measure(entry: 'bundle' | 'tsx'): Promise<RunResult> {
  const server: ServerProcess = await startServerProcess({ entry, cpus: serverCpu });
  const worker = fork(new URL('./benchWorker.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (worker.pid && botCpu) execFileSync('taskset', ['-pc', botCpu, String(worker.pid)], { stdio: 'ignore' });
  const ask = <T>(command: WorkerCommand) =>
    new Promise<T>((resolve) => {
      worker.once('message', (message) => resolve(message as T));
      worker.send(command);
    });
  try {
    const pid = server.child.pid!;
    await sleep(2000);
    const idleRssMb = residentMb(pid);
    const grown = await ask<GrowReply>({
      type: 'grow',
      endpoint: server.endpoint,
      target: clients,
      concurrency: 16,
      fullEvery: FULL_EVERY,
    });
    await sleep(3000); // joins settle
    const before = cpuSeconds(pid);
    const started = performance.now();
    await sleep(seconds * 1000);
    const cpuPercent = ((cpuSeconds(pid) - before) / ((performance.now() - started) / 1000)) * 100;
    return { entry, idleRssMb, loadRssMb: residentMb(pid), cpuPercent, connected: grown.connected };
  } finally {
    await new Promise<void>((resolve) => {
      worker.once('exit', () => resolve());
      worker.send({ type: 'stop' } satisfies WorkerCommand);
      setTimeout(() => worker.kill('SIGKILL'), 15_000).unref();
    });
    await server.stop();
  }
}

const results: RunResult[] = [];
for (let round = 0; round < rounds; round++) {
  for (const entry of ['bundle', 'tsx'] as const) {
    const result = await measure(entry);
    results.push(result);
    console.log(
      JSON.stringify(result, (_key, value: unknown) => (typeof value === 'number' ? Number(value.toFixed(1)) : value)),
    );
  }
}
const mean = (entry: 'bundle' | 'tsx', key: 'idleRssMb' | 'loadRssMb' | 'cpuPercent') => {
  const runs = results.filter((r) => r.entry === entry);
  return runs.reduce((sum, r) => sum + r[key], 0) / runs.length;
};
const ratios = Object.fromEntries(
  (['idleRssMb', 'loadRssMb', 'cpuPercent'] as const).map((key) => [
    key,
    Number((mean('bundle', key) / mean('tsx', key)).toFixed(3)),
  ]),
);
console.log(JSON.stringify({ clients, rounds, seconds, bundleOverTsx: ratios }));
