/**
 * `npm run bench:alloc`: how much garbage the server's hot path makes. A server process
 * (benchAllocServer.ts) holds `--clients` raw light bots (rawBot.ts; rooms of 50) sending inputs as a
 * browser does; over `--seconds` it measures the bytes allocated by each room tick, each patch
 * (interest update + Colyseus encoding and sending) and each interest update alone, and counts garbage
 * collections and their time. Before the server starts it also measures the shared simulation alone
 * (stepWorld, 50 players).
 *
 * `--baseline <git-ref>` runs the same measurement against that commit too (a temporary git worktree;
 * it must take the input wire this checkout's bots send, i.e. be from issue 12 on), alternating
 * `--rounds` times, and prints the ratios. `--profile DIR` also writes a CPU profile of the measuring
 * window of each run and prints its shares of busy time: garbage collection, interest views, the tick
 * and the patch. Prints one JSON object.
 *
 * The server runs with a young generation of `--semi-space` MB (default 64, Node's own is 16), so that a
 * scavenge inside a measured call is rare; GC counts then differ from a default server's.
 *
 * Flags: --clients (default 100) --seconds (10) --settle (3) --rounds (1) --baseline REF --profile DIR
 * --node-args="..." (extra Node/V8 flags for both servers) --heap-profile PREFIX (a sampling heap
 * profile of each run's window that keeps collected objects, to find where garbage comes from)
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { profileShares } from './profileShares.ts';
import { BENCH_INPUT_FORMAT, RawBot } from './rawBot.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    settle: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '1' },
    baseline: { type: 'string' },
    'semi-space': { type: 'string', default: '64' },
    'node-args': { type: 'string', default: '' },
    profile: { type: 'string' },
    'heap-profile': { type: 'string' },
  },
});
const clients = Number(values.clients);
const REPO = resolve(new URL('../..', import.meta.url).pathname);
const SERVER_SCRIPT = new URL('./benchAllocServer.ts', import.meta.url).pathname;
/** Joins in flight at once. */
const JOIN_CONCURRENCY = 10;

/** A checkout of `ref` in a temporary folder, sharing this repo's node_modules but its own workspaces. */
function checkoutOf(ref: string): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'orb-alloc-base-'));
  execFileSync('git', ['worktree', 'add', '--detach', '--quiet', root, ref], { cwd: REPO });
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@orb-arena'), { recursive: true });
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry !== '@orb-arena') symlinkSync(join(REPO, 'node_modules', entry), join(modules, entry));
  }
  // The workspaces resolve to the checkout's own sources, not this repo's.
  for (const workspace of readdirSync(join(REPO, 'node_modules', '@orb-arena'))) {
    symlinkSync(join(root, workspace), join(modules, '@orb-arena', workspace));
  }
  return {
    root,
    remove: () => execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: REPO }),
  };
}

/** One measurement: a server from `root`, `clients` light bots, the window, the server's figures. */
async function measureOnce(label: string, root: string, profileFile: string | undefined) {
  const child = spawn(
    process.execPath,
    [
      `--max-semi-space-size=${values['semi-space']}`,
      '--expose-gc',
      ...values['node-args'].split(' ').filter(Boolean),
      '--import',
      'tsx',
      SERVER_SCRIPT,
      '--root',
      root,
      '--seconds',
      values.seconds,
      ...(profileFile ? ['--profile', profileFile] : []),
      ...(values['heap-profile']
        ? ['--heap-profile', `${values['heap-profile']}.${label.replace(/\W+/g, '_')}.heapprofile`]
        : []),
    ],
    {
      cwd: REPO,
      env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`${label}: the server exited early`);
    return JSON.parse(line.value) as Record<string, unknown>;
  };
  const { port } = (await next()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const bots: RawBot[] = [];
  let joined = 0;
  const joinNext = async (): Promise<void> => {
    while (joined < clients) {
      const index = joined++;
      bots.push(await RawBot.join(endpoint, { name: `alloc-${index}`, seed: index + 1, format: BENCH_INPUT_FORMAT }));
    }
  };
  const stepper = setInterval(() => {
    for (const bot of bots) bot.sendFrame();
  }, 1000 / BENCH_INPUT_FORMAT.sendHz);
  try {
    await Promise.all(Array.from({ length: JOIN_CONCURRENCY }, joinNext));
    await new Promise((resolve) => setTimeout(resolve, Number(values.settle) * 1000));
    child.stdin.write('start\n');
    const result = await next();
    return { label, clients: bots.length, ...result, ...(profileFile && { profile: profileShares(profileFile) }) };
  } finally {
    clearInterval(stepper);
    await Promise.allSettled(bots.map((bot) => bot.leave()));
    child.kill();
  }
}

const runs: { label: string; root: string }[] = [];
const baseline = values.baseline ? checkoutOf(values.baseline) : undefined;
if (values.profile) mkdirSync(values.profile, { recursive: true });
const results: Awaited<ReturnType<typeof measureOnce>>[] = [];
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    if (baseline) runs.push({ label: `baseline ${values.baseline}`, root: baseline.root });
    runs.push({ label: 'this checkout', root: REPO });
  }
  for (const [index, run] of runs.entries()) {
    const profileFile = values.profile
      ? join(values.profile, `alloc-${index}-${run.label.replace(/\W+/g, '_')}.cpuprofile`)
      : undefined;
    results.push(await measureOnce(run.label, run.root, profileFile));
  }
} finally {
  baseline?.remove();
}

/** Ratio this checkout / baseline of one figure, averaged over rounds. */
function ratio(read: (result: (typeof results)[number]) => number): number | undefined {
  const mean = (label: string) => {
    const picked = results.filter((result) => result.label === label).map(read);
    return picked.reduce((sum, value) => sum + value, 0) / picked.length;
  };
  const base = mean(`baseline ${values.baseline}`);
  return base > 0 ? Number((mean('this checkout') / base).toFixed(3)) : undefined;
}

type Summary = { meanBytes: number };
const field = (name: 'simStep' | 'tick' | 'patch' | 'interestUpdate') => (result: (typeof results)[number]) =>
  (result as unknown as Record<string, Summary>)[name]!.meanBytes;
console.log(
  JSON.stringify(
    {
      clients,
      seconds: Number(values.seconds),
      note: 'bytes are means per call over the window; figures from a busy machine are only comparable as ratios within one run',
      results,
      ...(baseline && {
        ratios: {
          simStepBytes: ratio(field('simStep')),
          tickBytes: ratio(field('tick')),
          patchBytes: ratio(field('patch')),
          interestBytes: ratio(field('interestUpdate')),
          gcPerSecond: ratio((result) => (result as unknown as { gc: { perSecond: number } }).gc.perSecond),
          gcTime: ratio((result) => (result as unknown as { gc: { ms: number } }).gc.ms),
        },
      }),
    },
    null,
    2,
  ),
);
process.exit(0);
