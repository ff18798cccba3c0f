/**
 * `npm run bench`: how many players one server process holds, and what each costs, side by side with
 * a baseline commit and a bare `ws` server in the same invocation.
 *
 * Starts a production server pinned to CPU 0 and a bot process pinned to CPU 1, ramps the bots through
 * steps (rooms of 50), and prints one JSON line per step plus a summary: clients connected and failed,
 * join time, server CPU and RSS, tick and patch durations and overruns (from the server's /metrics),
 * patch interval p99 at the clients, bytes per client per second and per patch, inbound messages per
 * second, and the load generator's own CPU. A ramp stops at its first saturated step (benchMath.ts:
 * every target met or saturated). In the same invocation, for ratios:
 * - `--baseline <git-ref>`: the same ramp against that commit, from a temporary worktree, with that
 *   commit's own server and its own bench worker (so its bots speak its input format);
 * - the bare-ws reference: a plain `ws` server sending frames of the measured patch size at the patch
 *   rate to the same numbers of clients, for the efficiency ratio;
 * - `--lever name:ENV=value,...` (repeatable): the ramp again with those server settings, for a table;
 * - interest management off, and one room holding everyone (`--references`);
 * - bandwidth against room population (`--room-sizes`).
 *
 * Options: --steps 500,1000,... --seconds N (measure per step, default 10) --settle N (default 3)
 * --references 100,250,500 ("none" skips) --room-sizes 10,20,30,40,50 ("none" skips) --full-every N
 * (every N-th bot decodes and plays, the rest are raw light bots) --baseline REF --bare-ws on|off
 * --lever NAME:ENV=V[,ENV=V] --profile DIR (server CPU profile) --cpus 0/1 (server/bots: core lists)
 * --workers N (bot processes, default 1; several take one core each from the bots' list, e.g.
 * --cpus 0/1-15 --workers 15) --node-args "..." (server Node flags) --out DIR (bench.json and
 * bench.svg, default loadtest/results). The device kit (deviceKit.ts) runs this same file bundled.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PATCH_HZ } from '@orb-arena/shared';
import type { BareWsReply, BareWsRequest } from './benchBareWs.ts';
import { renderChart } from './benchChart.ts';
import { TARGETS, efficiency, kneeOf, kneeRatios, round, saturationReasons, type CpuPoint } from './benchMath.ts';
import { NOW, openBaseline, ownEntry, type Side } from './benchSides.ts';
import type { ServerProcess } from './serverProcess.ts';
import { histogramMaxBound, histogramQuantile, parsePrometheus, sumOf, type Scrape } from './promText.ts';
import { quantile, summarize } from './stats.ts';
import { IpcChild, WorkerPool } from './WorkerPool.ts';

const PATCH_PERIOD_MS = 1000 / PATCH_HZ;
/** Joins in flight at once while a step grows (shared out among the workers). */
const JOIN_CONCURRENCY = 16;

interface BenchConfig {
  name: string;
  env: NodeJS.ProcessEnv;
}

const CONFIGS = {
  main: { name: 'interest, rooms of 50', env: {} },
  noInterest: { name: 'no interest management, rooms of 50', env: { INTEREST: 'all' } },
  oneRoom: { name: 'interest, one room for everyone', env: { ROOM_MAX_CLIENTS: '5000' } },
} satisfies Record<string, BenchConfig>;

const startWorkers = (side: Side, options: SeriesOptions): WorkerPool =>
  WorkerPool.start({
    entry: side.workerEntry,
    cwd: side.workerDir,
    cpus: options.cpus[1] ?? '',
    count: options.workers,
  });

/** Scrapes the server's /metrics. */
async function readMetrics(server: ServerProcess): Promise<Scrape> {
  return parsePrometheus(await (await fetch(`${server.endpoint}/metrics`)).text());
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

interface StepOptions {
  server: ServerProcess;
  workers: WorkerPool;
  target: number;
  seconds: number;
  settle: number;
  /** Server RSS with no clients, bytes: the per-client memory figure is the growth over it. */
  baselineRss: number;
  /** Every n-th bot decodes and plays fully; the rest are raw light bots. */
  fullEvery: number;
}

async function measureStep(options: StepOptions) {
  const { server, workers, target } = options;
  const growStarted = performance.now();
  const grown = await workers.grow({
    type: 'grow',
    endpoint: server.endpoint,
    target,
    concurrency: JOIN_CONCURRENCY,
    fullEvery: options.fullEvery,
  });
  const growSeconds = round((performance.now() - growStarted) / 1000, 1);
  await sleep(options.settle);
  await fetch(`${server.endpoint}/metrics/reset`, { method: 'POST' });
  await workers.reset();
  const before = await readMetrics(server);
  const started = performance.now();
  await sleep(options.seconds);
  const report = await workers.report();
  const after = await readMetrics(server);
  const wall = (performance.now() - started) / 1000;
  const delta = (name: string) => sumOf(after, name) - sumOf(before, name);
  const ms = (name: string, q: number) => round(histogramQuantile({ before, after }, name, q) * 1000, 3);
  const clients = report.connected;
  const cpuPercent = round((delta('process_cpu_seconds_total') / wall) * 100);
  const rss = sumOf(after, 'process_resident_memory_bytes');
  const tick = {
    p50: ms('orb_tick_duration_seconds', 0.5),
    p99: ms('orb_tick_duration_seconds', 0.99),
    /** Upper bound of the highest histogram bucket reached. */
    maxBucket: round(histogramMaxBound({ before, after }, 'orb_tick_duration_seconds') * 1000, 3),
  };
  const patchIntervalP99 = round(quantile(report.patchGapsMs, 0.99));
  const step = {
    target,
    clients,
    failedJoins: grown.failed,
    joinMs: summarize(grown.joinMs, 1),
    // Joining is most of a step's wall time at high counts.
    growSeconds,
    serverCpuPercent: cpuPercent,
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
    // The same gap on the server's clock (absent from a baseline without the metric), and how late the
    // generator's own loop ran: the client-side figure above includes both.
    serverPatchIntervalP99Ms: ms('orb_patch_interval_seconds', 0.99) || null,
    loadGeneratorEventLoopDelayP99Ms:
      report.eventLoopDelayP99Ms === undefined ? null : round(report.eventLoopDelayP99Ms),
    bytesPerClientPerSecond: round(report.bytesReceived / Math.max(1, clients) / report.seconds, 0),
    bytesPerPatch: round(report.bytesReceived / Math.max(1, report.patches)),
    outboundMessagesPerSecond:
      report.messagesReceived === undefined ? null : round(report.messagesReceived / report.seconds, 0),
    inboundMessagesPerSecond: round(delta('orb_messages_received_total') / wall, 0),
    inboundBytesPerClientPerSecond: round(delta('orb_received_bytes_total') / wall / Math.max(1, clients), 0),
    inputsAppliedPerSecond: round(delta('orb_inputs_applied_total') / wall, 0),
    // Every worker's CPU summed; a worker saturates on its own core, so the busiest one is the check.
    loadGeneratorCpuPercent: round(report.cpuPercent),
    loadGeneratorMaxWorkerCpuPercent: round(report.maxWorkerCpuPercent),
    decodeErrors: report.decodeErrors,
  };
  const saturated = saturationReasons({
    tickP99Ms: tick.p99,
    patchIntervalP99Ms: patchIntervalP99,
    failedJoins: grown.failed,
    serverCpuPercent: cpuPercent,
  });
  return {
    ...step,
    saturated,
    loadGeneratorSaturated: report.maxWorkerCpuPercent > TARGETS.cpuPercent,
    joinErrors: grown.errors,
  };
}

type StepResult = Awaited<ReturnType<typeof measureStep>>;

interface SeriesOptions {
  steps: number[];
  seconds: number;
  settle: number;
  /** Core lists: the server's, the bots'. */
  cpus: string[];
  /** Bot processes, one core each from the bots' list when several. */
  workers: number;
  /** Folder for a V8 CPU profile of the server (node --cpu-prof), if wanted. */
  profileDir?: string;
  fullEvery: number;
  /** Extra Node flags for the server process (to compare runtime settings). */
  nodeArgs: string[];
}

/** One ramp against a fresh server of `side`, stopping at the first saturated step. */
async function runSeries(config: BenchConfig, options: SeriesOptions, side: Side = NOW) {
  const nodeArgs = [
    ...options.nodeArgs,
    ...(options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : []),
  ];
  const server = await side.startServer({ env: { ...config.env, ORB_BENCH: '1' }, cpus: options.cpus[0], nodeArgs });
  const workers = startWorkers(side, options);
  const results: StepResult[] = [];
  try {
    const baselineRss = sumOf(await readMetrics(server), 'process_resident_memory_bytes');
    for (const target of options.steps) {
      const step = await measureStep({
        server,
        workers,
        target,
        seconds: options.seconds,
        settle: options.settle,
        baselineRss,
        fullEvery: options.fullEvery,
      });
      results.push(step);
      console.log(JSON.stringify({ run: side.label, config: config.name, ...step }));
      if (step.saturated.length > 0) break;
    }
  } finally {
    await workers.stop();
    await server.stop();
  }
  return results;
}

/**
 * The bare-ws reference: a plain `ws` server pinned like ours sends `frameBytes` at the patch rate to
 * `steps` clients from the same workers (which send the raw bots' input frames); its CPU at each count.
 */
async function runBareSeries(steps: number[], frameBytes: number, options: SeriesOptions) {
  const server = IpcChild.fork<BareWsRequest>(ownEntry('benchBareWs'), {
    cwd: NOW.workerDir,
    cpus: options.cpus[0],
    args: [String(Math.round(frameBytes)), String(PATCH_HZ)],
  });
  const workers = startWorkers(NOW, options);
  const results = [];
  try {
    const listening = await server.next<Extract<BareWsReply, { type: 'listening' }>>();
    const url = `ws://127.0.0.1:${listening.port}`;
    for (const target of steps) {
      const grown = await workers.grow({ type: 'growBare', url, target, concurrency: 64 });
      await sleep(options.settle);
      await workers.reset();
      const before = await server.request<Extract<BareWsReply, { type: 'usage' }>>({ type: 'usage' });
      const started = performance.now();
      await sleep(options.seconds);
      const report = await workers.report();
      const after = await server.request<Extract<BareWsReply, { type: 'usage' }>>({ type: 'usage' });
      const wall = (performance.now() - started) / 1000;
      const step = {
        target,
        clients: report.connected,
        failedJoins: grown.failed,
        frameBytes: Math.round(frameBytes),
        serverCpuPercent: round(((after.cpuSeconds - before.cpuSeconds) / wall) * 100),
        rssMB: round(after.rssBytes / 2 ** 20),
        framesSentPerSecond: round((after.framesSent - before.framesSent) / wall, 0),
        bytesPerClientPerSecond: round(report.bytesReceived / Math.max(1, report.connected) / report.seconds, 0),
        loadGeneratorCpuPercent: round(report.cpuPercent),
        loadGeneratorMaxWorkerCpuPercent: round(report.maxWorkerCpuPercent),
      };
      results.push(step);
      console.log(
        JSON.stringify({ run: 'bare ws', config: `${Math.round(frameBytes)}-byte frames at ${PATCH_HZ} Hz`, ...step }),
      );
    }
  } finally {
    await workers.stop();
    await server.stop({ type: 'stop' });
  }
  return results;
}

/** Worktrees to remove at exit, whatever the exit. */
const cleanups = new Set<() => void>();
function cleanUp(): void {
  for (const cleanup of cleanups) cleanup();
  cleanups.clear();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // Our own children first (servers, workers, also one still starting up): by parent id, so nothing else.
    try {
      execFileSync('pkill', ['-KILL', '-P', String(process.pid)], { stdio: 'ignore' });
    } catch {
      // none left
    }
    cleanUp();
    process.exit(130);
  });
}

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '500,1000,1500,2000,2500,3000' },
    references: { type: 'string', default: '100,250,500' },
    seconds: { type: 'string', default: '10' },
    settle: { type: 'string', default: '3' },
    cpus: { type: 'string', default: '0/1' },
    workers: { type: 'string', default: '1' },
    out: { type: 'string', default: new URL('../results/', import.meta.url).pathname },
    profile: { type: 'string' },
    'full-every': { type: 'string', default: '10' },
    'room-sizes': { type: 'string', default: '10,20,30,40,50' },
    'node-args': { type: 'string', default: '' },
    baseline: { type: 'string' },
    'bare-ws': { type: 'string', default: 'on' },
    lever: { type: 'string', multiple: true, default: [] },
  },
});
const list = (text: string) => (text === 'none' ? [] : text.split(',').map(Number));
const series: SeriesOptions = {
  steps: list(values.steps),
  seconds: Number(values.seconds),
  settle: Number(values.settle),
  cpus: values.cpus.split('/'),
  workers: Number(values.workers),
  profileDir: values.profile,
  fullEvery: Number(values['full-every']),
  nodeArgs: values['node-args'].split(' ').filter(Boolean),
};

/** `name:ENV=value,ENV2=value` → a configuration of the main ramp with those server settings. */
function parseLever(text: string): BenchConfig {
  const [name, settings = ''] = text.split(/:(.*)/s);
  const env = Object.fromEntries(
    settings
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  if (!name || Object.keys(env).length === 0) throw new Error(`--lever ${text}: expected NAME:ENV=value[,ENV=value]`);
  return { name: `lever ${name}`, env };
}
const levers = values.lever.map(parseLever);

/** What the comparisons read from a ramp's knee. */
const figuresAt = (knee: StepResult | undefined) =>
  knee && {
    clients: knee.clients,
    serverCpuPercent: knee.serverCpuPercent,
    bytesPerClientPerSecond: knee.bytesPerClientPerSecond,
    rssKBPerClient: knee.rssKBPerClient,
  };
const kneeSummary = (steps: StepResult[]) => {
  const knee = kneeOf(steps);
  return {
    clientsAtKnee: knee?.clients ?? 0,
    cpuPercentAtKnee: knee?.serverCpuPercent ?? null,
    cpuPerClientAtKnee: knee ? round(knee.serverCpuPercent / knee.clients, 4) : null,
    bytesPerClientAtKnee: knee?.bytesPerClientPerSecond ?? null,
    rssKBPerClientAtKnee: knee?.rssKBPerClient ?? null,
    saturatedAt: ((step) => (step ? { clients: step.clients, saturated: step.saturated } : null))(
      steps.find((candidate) => candidate.saturated.length > 0),
    ),
    loadGeneratorWasBottleneck: steps.some((step) => step.loadGeneratorSaturated),
  };
};

try {
  const main = await runSeries(CONFIGS.main, series);
  const mainKnee = kneeOf(main);

  let baseline: { ref: string; label: string; steps: StepResult[] } | undefined;
  if (values.baseline) {
    const side = await openBaseline(values.baseline, (remove) => cleanups.add(remove));
    baseline = {
      ref: values.baseline,
      label: side.label,
      // Profiled too (into DIR/baseline), for the before/after shares of busy CPU (profileShares.ts).
      steps: await runSeries(
        CONFIGS.main,
        { ...series, profileDir: series.profileDir && join(series.profileDir, 'baseline') },
        side,
      ),
    };
  }
  cleanUp();

  // Bare ws at the counts the main ramp reached, with its measured patch size (at the knee, else the last step).
  const patchSource = mainKnee ?? main.at(-1);
  const bareWs =
    values['bare-ws'] === 'on' && patchSource
      ? await runBareSeries(
          main.map((step) => step.target),
          patchSource.bytesPerPatch,
          series,
        )
      : [];
  const barePoints: CpuPoint[] = bareWs.map((step) => ({ clients: step.clients, cpuPercent: step.serverCpuPercent }));

  const leverRuns: { name: string; env: NodeJS.ProcessEnv; steps: StepResult[] }[] = [];
  for (const lever of levers) {
    leverRuns.push({ ...lever, steps: await runSeries(lever, { ...series, profileDir: undefined }) });
  }

  const references: Record<string, StepResult[]> = {};
  for (const key of ['noInterest', 'oneRoom'] as const) {
    if (list(values.references).length === 0) break;
    references[key] = await runSeries(CONFIGS[key], {
      ...series,
      steps: list(values.references),
      profileDir: undefined,
    });
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

  const ratioAt = (reference: StepResult[]) =>
    reference.flatMap((step) => {
      const base = main.find((candidate) => candidate.target === step.target);
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
  const mainFigures = figuresAt(mainKnee);
  // One row per run of the main ramp; ratios are now / that run (for a lever that turns a change off,
  // the ratio is that change's own effect).
  const leverTable = [
    { run: 'now', env: {}, ...kneeSummary(main), ratiosNowOverThis: null },
    ...(baseline
      ? [
          {
            run: baseline.label,
            env: {},
            ...kneeSummary(baseline.steps),
            ratiosNowOverThis: kneeRatios(mainFigures, figuresAt(kneeOf(baseline.steps))),
          },
        ]
      : []),
    ...leverRuns.map((run) => ({
      run: run.name,
      env: run.env,
      ...kneeSummary(run.steps),
      ratiosNowOverThis: kneeRatios(mainFigures, figuresAt(kneeOf(run.steps))),
    })),
  ];
  const summary = {
    summary: true,
    kneeRule: TARGETS,
    ...kneeSummary(main),
    maxClientsWithinTargets: mainKnee?.clients ?? 0,
    baseline: baseline
      ? {
          ref: baseline.ref,
          run: baseline.label,
          ...kneeSummary(baseline.steps),
          ratiosNowOverBaseline: kneeRatios(mainFigures, figuresAt(kneeOf(baseline.steps))),
        }
      : null,
    bareWs: bareWs.length
      ? {
          frameBytes: bareWs[0]!.frameBytes,
          cpuPercentByClients: bareWs.map((step) => ({ clients: step.clients, cpuPercent: step.serverCpuPercent })),
          efficiency: mainKnee
            ? round(efficiency({ clients: mainKnee.clients, cpuPercent: mainKnee.serverCpuPercent }, barePoints), 2)
            : null,
        }
      : null,
    leverTable,
    bandwidthByRoomSize,
    bandwidthMaxOverMin: bandwidthValues.length
      ? round(Math.max(...bandwidthValues) / Math.min(...bandwidthValues), 2)
      : null,
    referenceRatios: Object.fromEntries(Object.entries(references).map(([key, steps]) => [key, ratioAt(steps)])),
  };
  console.log(JSON.stringify(summary));
  printLeverTable(leverTable);

  mkdirSync(values.out, { recursive: true });
  writeFileSync(
    `${values.out}/bench.json`,
    JSON.stringify({ main, baseline, bareWs, levers: leverRuns, references, bandwidthByRoomSize, summary }, null, 2),
  );
  const points = (steps: readonly { clients: number }[], read: (step: never) => number) =>
    steps.map((step) => ({ clients: step.clients, value: read(step as never) }));
  const baselineLine = (read: (step: StepResult) => number) =>
    baseline ? [{ label: 'baseline', points: points(baseline.steps, read) }] : [];
  writeFileSync(
    `${values.out}/bench.svg`,
    renderChart('Orb Arena: one server process on one core', [
      {
        title: 'Server CPU',
        unit: '% of one core',
        points: points(main, (step: StepResult) => step.serverCpuPercent),
        limit: { value: TARGETS.cpuPercent, label: `target ${TARGETS.cpuPercent}%` },
        comparisons: [
          ...baselineLine((step) => step.serverCpuPercent),
          ...(bareWs.length
            ? [
                {
                  label: 'bare ws',
                  points: points(bareWs, (step: { serverCpuPercent: number }) => step.serverCpuPercent),
                },
              ]
            : []),
        ],
      },
      {
        title: 'Tick duration p99',
        unit: 'ms',
        points: points(main, (step: StepResult) => step.tickMs.p99),
        limit: { value: TARGETS.tickP99Ms, label: `target ${TARGETS.tickP99Ms} ms` },
        comparisons: baselineLine((step) => step.tickMs.p99),
      },
      {
        title: 'Patch interval p99 at the clients',
        unit: 'ms',
        points: points(main, (step: StepResult) => step.patchIntervalP99Ms),
        limit: {
          value: TARGETS.patchIntervalP99Ms,
          label: `target: ${TARGETS.patchIntervalP99Ms / PATCH_PERIOD_MS} patch periods`,
        },
        comparisons: baselineLine((step) => step.patchIntervalP99Ms),
      },
      {
        title: 'Bytes per client',
        unit: 'KB/s',
        points: points(main, (step: StepResult) => step.bytesPerClientPerSecond / 1000),
        limit: { value: 2, label: 'target 2 KB/s' },
        comparisons: baselineLine((step) => step.bytesPerClientPerSecond / 1000),
      },
    ]),
  );
} finally {
  cleanUp();
}
process.exit(0);

/** The knee of every run of the main ramp as a Markdown table, for BENCHMARKS.md. */
function printLeverTable(
  rows: {
    run: string;
    clientsAtKnee: number;
    cpuPerClientAtKnee: number | null;
    bytesPerClientAtKnee: number | null;
    rssKBPerClientAtKnee: number | null;
    ratiosNowOverThis: ReturnType<typeof kneeRatios> | null;
  }[],
) {
  const cell = (value: number | null | undefined) =>
    value === null || value === undefined || Number.isNaN(value) ? '-' : String(value);
  console.log(
    '| run | clients at knee | CPU % per client | bytes / client / s | RSS KB / client | now / run: clients | CPU per client | bytes | RSS |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const ratios = row.ratiosNowOverThis;
    console.log(
      `| ${row.run} | ${row.clientsAtKnee} | ${cell(row.cpuPerClientAtKnee)} | ${cell(row.bytesPerClientAtKnee)} | ${cell(row.rssKBPerClientAtKnee)} | ${cell(ratios?.clientsAtKnee)} | ${cell(ratios?.cpuPerClient)} | ${cell(ratios?.bytesPerClient)} | ${cell(ratios?.rssPerClient)} |`,
    );
  }
}
