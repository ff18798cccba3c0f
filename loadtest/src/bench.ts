/**
 * `npm run bench`: how many players one server process holds, and what each costs.
 *
 * Starts a production server pinned to CPU 0 and a bot process pinned to CPU 1, ramps the bots through
 * steps (rooms of 50), and prints one JSON line per step plus a summary: clients connected and failed,
 * join time, server CPU and RSS, tick and patch durations and overruns (from the server's /metrics),
 * patch interval p99 at the clients, bytes per client per second and per patch, inbound inputs per
 * second, and the load generator's own CPU. It stops at saturation. Two reference configurations run
 * in the same invocation for ratios: interest management off, and one room holding everyone.
 *
 * Options: --steps 100,250,... --seconds N (measure per step, default 10) --settle N (default 3)
 * --references 100,250,500 (steps for the references; "none" skips them) --room-sizes 10,20,30,40,50
 * (bandwidth against room population; "none" skips) --full-every N (every N-th bot decodes and plays,
 * the rest are light bots) --profile DIR (server CPU profile) --cpus 0/1 (server/bots)
 * --out DIR (bench.json and bench.svg, default loadtest/results).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { renderChart } from './benchChart.ts';
import type { GrowReply, WorkerCommand, WorkerReport } from './benchWorker.ts';
import { startServerProcess, type ServerProcess } from './serverProcess.ts';
import { histogramMaxBound, histogramQuantile, parsePrometheus, sumOf, type Scrape } from './promText.ts';
import { quantile, summarize } from './stats.ts';

const TICK_BUDGET_MS = 1000 / 30;
const PATCH_PERIOD_MS = 1000 / 20;

interface BenchConfig {
  name: string;
  env: NodeJS.ProcessEnv;
}

const CONFIGS = {
  main: { name: 'interest, rooms of 50', env: {} },
  noInterest: { name: 'no interest management, rooms of 50', env: { INTEREST: 'all' } },
  oneRoom: { name: 'interest, one room for everyone', env: { ROOM_MAX_CLIENTS: '5000' } },
} satisfies Record<string, BenchConfig>;

/** A bot process and a typed request/response channel to it. */
class Worker {
  private constructor(private readonly child: ChildProcess) {}

  static start(cpus: string): Worker {
    const entry = new URL('./benchWorker.ts', import.meta.url).pathname;
    const child = fork(entry, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Pin the bots to their own core so they don't steal the server's.
    if (child.pid && cpus) execFileSync('taskset', ['-pc', cpus, String(child.pid)], { stdio: 'ignore' });
    return new Worker(child);
  }

  request<T>(command: WorkerCommand): Promise<T> {
    return new Promise((resolve) => {
      this.child.once('message', (message) => resolve(message as T));
      this.child.send(command);
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'stop' } satisfies WorkerCommand);
      setTimeout(() => this.child.kill('SIGKILL'), 15_000).unref();
    });
  }
}

/** Scrapes the server's /metrics. */
async function readMetrics(server: ServerProcess): Promise<Scrape> {
  return parsePrometheus(await (await fetch(`${server.endpoint}/metrics`)).text());
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

interface StepOptions {
  server: ServerProcess;
  worker: Worker;
  target: number;
  seconds: number;
  settle: number;
  /** Server RSS with no clients, bytes: the per-client memory figure is the growth over it. */
  baselineRss: number;
  /** Every n-th bot decodes and plays fully; the rest are light bots. */
  fullEvery: number;
}

async function measureStep(options: StepOptions) {
  const { server, worker, target } = options;
  const grown = await worker.request<GrowReply>({
    type: 'grow',
    endpoint: server.endpoint,
    target,
    concurrency: 16,
    fullEvery: options.fullEvery,
  });
  await new Promise((resolve) => setTimeout(resolve, options.settle * 1000));
  await fetch(`${server.endpoint}/metrics/reset`, { method: 'POST' });
  await worker.request({ type: 'reset' });
  const before = await readMetrics(server);
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  const report = await worker.request<WorkerReport>({ type: 'report' });
  const after = await readMetrics(server);
  const wall = (performance.now() - started) / 1000;
  const delta = (name: string) => sumOf(after, name) - sumOf(before, name);
  const ms = (name: string, q: number) => round(histogramQuantile({ before, after }, name, q) * 1000, 3);
  const clients = report.connected;
  const cpuPercent = (delta('process_cpu_seconds_total') / wall) * 100;
  const rss = sumOf(after, 'process_resident_memory_bytes');
  const tick = {
    p50: ms('orb_tick_duration_seconds', 0.5),
    p99: ms('orb_tick_duration_seconds', 0.99),
    /** Upper bound of the highest histogram bucket reached. */
    maxBucket: round(histogramMaxBound({ before, after }, 'orb_tick_duration_seconds') * 1000, 3),
  };
  const patchIntervalP99 = round(quantile(report.patchGapsMs, 0.99));
  const step = {
    clients,
    failedJoins: grown.failed,
    joinMs: summarize(grown.joinMs, 1),
    serverCpuPercent: round(cpuPercent),
    rssMB: round(rss / 2 ** 20),
    rssKBPerClient: round((rss - options.baselineRss) / 1024 / Math.max(1, clients)),
    tickMs: tick,
    tickOverruns: delta('orb_tick_overruns_total'),
    patchEncodeMs: {
      p50: ms('orb_patch_duration_seconds', 0.5),
      p99: ms('orb_patch_duration_seconds', 0.99),
    },
    // prom-client resets its event-loop histogram at each scrape: `after` covers the window.
    eventLoopDelayP99Ms: round(sumOf(after, 'nodejs_eventloop_lag_p99_seconds') * 1000),
    patchIntervalP99Ms: patchIntervalP99,
    bytesPerClientPerSecond: round(report.bytesReceived / Math.max(1, clients) / report.seconds, 0),
    bytesPerPatch: round(report.bytesReceived / Math.max(1, report.patches)),
    inboundMessagesPerSecond: round(delta('orb_messages_received_total') / wall, 0),
    inboundBytesPerClientPerSecond: round(delta('orb_received_bytes_total') / wall / Math.max(1, clients), 0),
    inputsAppliedPerSecond: round(delta('orb_inputs_applied_total') / wall, 0),
    loadGeneratorCpuPercent: round(report.cpuPercent),
    decodeErrors: report.decodeErrors,
  };
  const saturated: string[] = [];
  if (tick.p99 > TICK_BUDGET_MS) saturated.push('tick p99 over budget');
  if (patchIntervalP99 > 2 * PATCH_PERIOD_MS) saturated.push('patch interval p99 over twice the period');
  if (grown.failed > 0) saturated.push('failed joins');
  if (cpuPercent > 95) saturated.push('server CPU over 95%');
  return { ...step, saturated, loadGeneratorSaturated: report.cpuPercent > 90, joinErrors: grown.errors };
}

type StepResult = Awaited<ReturnType<typeof measureStep>>;

interface SeriesOptions {
  steps: number[];
  seconds: number;
  settle: number;
  cpus: string[];
  /** Folder for a V8 CPU profile of the server (node --cpu-prof), if wanted. */
  profileDir?: string;
  fullEvery: number;
  /** Extra Node flags for the server process (to compare runtime settings). */
  nodeArgs: string[];
}

async function runSeries(config: BenchConfig, options: SeriesOptions) {
  const nodeArgs = [
    ...options.nodeArgs,
    ...(options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : []),
  ];
  const server = await startServerProcess({ env: { ...config.env, ORB_BENCH: '1' }, cpus: options.cpus[0], nodeArgs });
  const worker = Worker.start(options.cpus[1] ?? '');
  const results: StepResult[] = [];
  try {
    const baselineRss = sumOf(await readMetrics(server), 'process_resident_memory_bytes');
    for (const target of options.steps) {
      const step = await measureStep({
        server,
        worker,
        target,
        seconds: options.seconds,
        settle: options.settle,
        baselineRss,
        fullEvery: options.fullEvery,
      });
      results.push(step);
      console.log(JSON.stringify({ config: config.name, ...step }));
      if (step.saturated.length > 0) break;
    }
  } finally {
    await worker.stop();
    await server.stop();
  }
  return results;
}

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '100,250,500,1000,1500,2000,3000' },
    references: { type: 'string', default: '100,250,500' },
    seconds: { type: 'string', default: '10' },
    settle: { type: 'string', default: '3' },
    cpus: { type: 'string', default: '0/1' },
    out: { type: 'string', default: new URL('../results/', import.meta.url).pathname },
    profile: { type: 'string' },
    'full-every': { type: 'string', default: '10' },
    'room-sizes': { type: 'string', default: '10,20,30,40,50' },
    'node-args': { type: 'string', default: '' },
  },
});
const list = (text: string) => (text === 'none' ? [] : text.split(',').map(Number));
const series: SeriesOptions = {
  steps: list(values.steps),
  seconds: Number(values.seconds),
  settle: Number(values.settle),
  cpus: values.cpus.split('/'),
  profileDir: values.profile,
  fullEvery: Number(values['full-every']),
  nodeArgs: values['node-args'].split(' ').filter(Boolean),
};

const main = await runSeries(CONFIGS.main, series);
const references: Record<string, StepResult[]> = {};
for (const key of ['noInterest', 'oneRoom'] as const) {
  if (list(values.references).length === 0) break;
  references[key] = await runSeries(CONFIGS[key], { ...series, steps: list(values.references), profileDir: undefined });
}

// Bandwidth against room population: one room of N full bots each, bytes per client should stay flat.
const bandwidthByRoomSize = [];
for (const size of list(values['room-sizes'])) {
  const config = { name: `one room of ${size}`, env: { ROOM_MAX_CLIENTS: String(size) } };
  const [step] = await runSeries(config, { ...series, steps: [size], fullEvery: 1, profileDir: undefined });
  if (step)
    bandwidthByRoomSize.push({
      playersInRoom: size,
      bytesPerClientPerSecond: step.bytesPerClientPerSecond,
      bytesPerPatch: step.bytesPerPatch,
    });
}
const bandwidthValues = bandwidthByRoomSize.map((entry) => entry.bytesPerClientPerSecond);

const healthy = main.filter((step) => step.saturated.length === 0);
const ratioAt = (reference: StepResult[]) =>
  reference.flatMap((step) => {
    const base = main.find((candidate) => candidate.clients === step.clients);
    if (!base) return [];
    return [
      {
        clients: step.clients,
        bytesPerClientRatio: round(step.bytesPerClientPerSecond / base.bytesPerClientPerSecond, 2),
        serverCpuRatio: round(step.serverCpuPercent / base.serverCpuPercent, 2),
        tickP99Ratio: round(step.tickMs.p99 / base.tickMs.p99, 2),
      },
    ];
  });
const summary = {
  summary: true,
  maxClientsWithinTargets: healthy.at(-1)?.clients ?? 0,
  saturatedAt: main.find((step) => step.saturated.length > 0) ?? null,
  loadGeneratorWasBottleneck: main.some((step) => step.loadGeneratorSaturated),
  bandwidthByRoomSize,
  bandwidthMaxOverMin: bandwidthValues.length
    ? round(Math.max(...bandwidthValues) / Math.min(...bandwidthValues), 2)
    : null,
  referenceRatios: Object.fromEntries(Object.entries(references).map(([key, steps]) => [key, ratioAt(steps)])),
};
console.log(JSON.stringify(summary));

mkdirSync(values.out, { recursive: true });
writeFileSync(`${values.out}/bench.json`, JSON.stringify({ main, references, bandwidthByRoomSize, summary }, null, 2));
const points = (read: (step: StepResult) => number) =>
  main.map((step) => ({ clients: step.clients, value: read(step) }));
writeFileSync(
  `${values.out}/bench.svg`,
  renderChart('Orb Arena: one server process on one core', [
    {
      title: 'Server CPU',
      unit: '% of one core',
      points: points((step) => step.serverCpuPercent),
      limit: { value: 95, label: 'saturation 95%' },
    },
    {
      title: 'Tick duration p99',
      unit: 'ms',
      points: points((step) => step.tickMs.p99),
      limit: { value: 10, label: 'target 10 ms' },
    },
    {
      title: 'Patch interval p99 at the clients',
      unit: 'ms',
      points: points((step) => step.patchIntervalP99Ms),
      limit: { value: 2 * PATCH_PERIOD_MS, label: 'saturation: 2 patch periods' },
    },
    {
      title: 'Bytes per client',
      unit: 'KB/s',
      points: points((step) => step.bytesPerClientPerSecond / 1000),
      limit: { value: 3, label: 'target 3 KB/s' },
    },
  ]),
);
process.exit(0);
