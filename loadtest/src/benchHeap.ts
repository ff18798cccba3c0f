/**
 * `npm run bench:heap`: what a connected player costs in server memory, by kind, and what the server
 * promotes to V8's old generation.
 *
 * Starts the production server (pinned to CPU 0, `--heapsnapshot-signal`) and the bench worker (CPU 1,
 * rooms of 50, one full bot in ten, the rest raw light bots), grows the population through `--steps`
 * and at each step prints the server's memory (RSS anonymous and file-backed, the malloc heap, V8's
 * spaces, heap used and total, external) and writes a heap snapshot (which collects garbage first, so
 * it holds only live objects). The snapshots are then compared by constructor: bytes and objects per
 * added client between each step and the first.
 *
 * Options: --steps 0,250,500 --settle 15 (s per step) --top 30 --dir DIR (snapshots kept there; by
 * default a temporary folder, removed) --snapshots off (memory figures only, undisturbed) --env K=V
 * (server setting, repeatable) --node-args="..." (server Node flags) --full-every 10, and after the
 * last step: --gc-window S (scavenges, full GCs, pauses and bytes promoted per second from
 * --trace-gc-nvp over S seconds), --promoted S (allocation sampling over S s through the inspector,
 * keeping what a full GC collected but not what a scavenge did), --churn A,B (snapshots A and A+B s
 * after a first one: objects born between the first two, by whether they were still alive at the third),
 * --stdout-to FILE (the server's stdout).
 */
import { execFileSync, fork } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { GrowReply, WorkerCommand } from './benchWorker.ts';
import { parsePrometheus, sumOf } from './promText.ts';
import { freePort, startServerProcess, type ServerProcess } from './serverProcess.ts';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '0,250,500' },
    settle: { type: 'string', default: '15' },
    top: { type: 'string', default: '30' },
    dir: { type: 'string' },
    'full-every': { type: 'string', default: '10' },
    'node-args': { type: 'string', default: '' },
    snapshots: { type: 'string', default: 'on' },
    'stdout-to': { type: 'string' },
    promoted: { type: 'string', default: '0' },
    churn: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    'gc-window': { type: 'string', default: '0' },
  },
});
const steps = values.steps.split(',').map(Number);
const settle = Number(values.settle);
const top = Number(values.top);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'orb-heap-'));
mkdirSync(dir, { recursive: true });
const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** Self size and count of live objects by "type:name" (a heap snapshot's own grouping). */
type Census = Map<string, { bytes: number; count: number }>;

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Reads a .heapsnapshot and sums self sizes by node type and constructor name. */
function censusOf(file: string): { census: Census; total: number } {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const census: Census = new Map();
  let total = 0;
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt]!]!;
    // Strings and code are grouped by type only: their names are their contents.
    const name =
      type === 'object' || type === 'native' || type === 'closure' ? data.strings[data.nodes[i + nameAt]!] : '';
    const key = `${type}:${name}`;
    const size = data.nodes[i + sizeAt]!;
    total += size;
    const entry = census.get(key) ?? { bytes: 0, count: 0 };
    entry.bytes += size;
    entry.count++;
    census.set(key, entry);
  }
  return { census, total };
}

const roundMB = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** The kernel's split of the process's resident memory (anonymous: heaps and malloc; file: code). */
function residentSplit(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return {
    rssAnonMB: roundMB(kB('RssAnon') * 1024),
    rssFileMB: roundMB(kB('RssFile') * 1024),
    mallocHeapMB: roundMB(mallocResident(pid)),
  };
}

/** Resident bytes of the main malloc heap (`[heap]` in /proc/PID/smaps): Node's and V8's own C++ allocations. */
function mallocResident(pid: number): number {
  const smaps = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  const at = smaps.indexOf('[heap]');
  if (at < 0) return 0;
  return Number(/Rss:\s+(\d+) kB/.exec(smaps.slice(at))?.[1] ?? 0) * 1024;
}

async function memory(server: ServerProcess) {
  const scrape = parsePrometheus(await (await fetch(`${server.endpoint}/metrics`)).text());
  const mb = (name: string) => roundMB(sumOf(scrape, name));
  const spaces = Object.fromEntries(
    [...(scrape.get('nodejs_heap_space_size_total_bytes') ?? [])].map(([labels, value]) => [
      /space="([^"]+)"/.exec(labels)?.[1] ?? labels,
      roundMB(value),
    ]),
  );
  return {
    ...residentSplit(server.child.pid!),
    spacesTotalMB: spaces,
    rssMB: mb('process_resident_memory_bytes'),
    heapUsedMB: mb('nodejs_heap_size_used_bytes'),
    heapTotalMB: mb('nodejs_heap_size_total_bytes'),
    externalMB: mb('nodejs_external_memory_bytes'),
  };
}

/** Sends the snapshot signal and waits until a new, complete file stops growing. */
async function takeSnapshot(server: ServerProcess): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(server.child.pid!, 'SIGUSR2');
  for (;;) {
    await sleep(1);
    const fresh = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!fresh) continue;
    const path = join(dir, fresh);
    const size = statSync(path).size;
    await sleep(2);
    if (statSync(path).size === size && size > 0) return path;
  }
}

const promotedSeconds = Number(values.promoted);
const gcWindow = Number(values['gc-window']);
const inspectPort = promotedSeconds > 0 ? await freePort() : 0;
interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/**
 * Samples allocations over `seconds` through the server's inspector, keeping objects a major GC
 * collected but not those a scavenge did: what survived long enough to be promoted (plus what is still
 * live at the end). Prints the top allocation sites by bytes and by their caller chains.
 */
async function profilePromoted(seconds: number): Promise<void> {
  const [target] = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const socket = new WebSocket(target!.webSocketDebuggerUrl, { maxPayload: 2 ** 30 });
  await new Promise((resolve) => socket.once('open', resolve));
  let nextId = 1;
  const call = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { id?: number; result: T };
        if (message.id !== id) return;
        socket.off('message', onMessage);
        resolve(message.result);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await call('HeapProfiler.enable');
  await call('HeapProfiler.startSampling', {
    samplingInterval: 8192,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: false,
  });
  const startedMemory = await memory(server);
  await sleep(seconds);
  const { profile } = await call<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
  socket.close();
  const bySite = new Map<string, number>();
  const walk = (node: ProfileNode, stack: string[]) => {
    const frame = node.callFrame;
    const name = `${frame.functionName || '(anon)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${frame.lineNumber + 1}`;
    const here = [...stack, name];
    if (node.selfSize > 0) {
      const key = here.slice(-4).reverse().join(' < ');
      bySite.set(key, (bySite.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, []);
  const total = [...bySite.values()].reduce((a, b) => a + b, 0);
  console.log(
    `\nPromoted or live allocations over ${seconds} s: ${(total / 2 ** 20).toFixed(1)} MB (` +
      `${(total / seconds / 2 ** 20).toFixed(2)} MB/s); memory at start ${JSON.stringify(startedMemory)}`,
  );
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(
      `${((bytes / total) * 100).toFixed(1).padStart(5)} %  ${(bytes / seconds / 1024).toFixed(0).padStart(6)} KB/s  ${site}`,
    );
}

/** Node ids and, per id, its "type:name" key and self size. */
function nodesOf(file: string): Map<number, { key: string; size: number }> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt, idAt] = ['type', 'name', 'self_size', 'id'].map((f) => fields.indexOf(f));
  const nodes = new Map<number, { key: string; size: number }>();
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt!]!]!;
    const name =
      type === 'object' || type === 'native' || type === 'closure' ? data.strings[data.nodes[i + nameAt!]!] : '';
    nodes.set(data.nodes[i + idAt!]!, { key: `${type}:${name}`, size: data.nodes[i + sizeAt!]! });
  }
  return nodes;
}

/**
 * Medium-lived objects: snapshot A, `gaps[0]` s later B, `gaps[1]` s later C. Objects in B that A did
 * not hold were allocated between A and B and still alive at B (so they outlived a short window);
 * those of them gone by C died young enough to be garbage, but old enough to have been promoted if a
 * scavenge or two ran meanwhile. Prints them by constructor.
 */
async function churn([first, second]: [number, number]): Promise<void> {
  const a = await takeSnapshot(server);
  await sleep(first);
  const b = await takeSnapshot(server);
  await sleep(second);
  const c = await takeSnapshot(server);
  const [na, nb, nc] = [nodesOf(a), nodesOf(b), nodesOf(c)];
  const bornAndDied = new Map<string, { bytes: number; count: number }>();
  const bornAndKept = new Map<string, { bytes: number; count: number }>();
  for (const [id, node] of nb) {
    if (na.has(id)) continue;
    const into = nc.has(id) ? bornAndKept : bornAndDied;
    const entry = into.get(node.key) ?? { bytes: 0, count: 0 };
    entry.bytes += node.size;
    entry.count++;
    into.set(node.key, entry);
  }
  for (const [label, census] of [
    ['allocated between A and B, alive at B, gone at C', bornAndDied],
    ['allocated between A and B, still alive at C', bornAndKept],
  ] as const) {
    const total = [...census.values()].reduce((sum, e) => sum + e.bytes, 0);
    console.log(`\n${label}: ${(total / 1024).toFixed(0)} KB`);
    for (const [key, { bytes, count }] of [...census].sort((x, y) => y[1].bytes - x[1].bytes).slice(0, top))
      console.log(`${(bytes / 1024).toFixed(1).padStart(10)} KB ${String(count).padStart(8)}  ${key}`);
  }
}

/**
 * Reads the server's --trace-gc-nvp lines for `seconds`: scavenges and full GCs, their pauses, and the
 * bytes promoted to the old generation per second (what the old space grows by between full GCs).
 */
async function gcStats(seconds: number): Promise<void> {
  const lines: string[] = [];
  let partial = '';
  const onData = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop()!;
    lines.push(...parts.filter((line) => line.includes(' gc=')));
  };
  server.child.stdout!.on('data', onData);
  const before = await memory(server);
  await sleep(seconds);
  server.child.stdout!.off('data', onData);
  const after = await memory(server);
  const fields = lines.map(
    (line) =>
      Object.fromEntries([...line.matchAll(/(\w+)=([\w.]+)/g)].map((m) => [m[1], m[2]])) as Record<
        string,
        string | undefined
      >,
  );
  const scavenges = fields.filter((f) => f.gc === 's');
  const fulls = fields.filter((f) => f.gc === 'mc');
  const pauses = (list: typeof fields) => list.map((f) => Number(f.pause)).sort((x, y) => x - y);
  const sum = (list: typeof fields, key: string) => list.reduce((total, f) => total + Number(f[key] ?? 0), 0);
  const scavengePauses = pauses(scavenges);
  console.log(
    JSON.stringify({
      seconds,
      scavenges: scavenges.length,
      scavengePauseMs: { p50: scavengePauses[scavengePauses.length >> 1], max: scavengePauses.at(-1) },
      fullGcs: fulls.length,
      fullGcPauseMs: pauses(fulls),
      allocatedMBps: Math.round((sum(scavenges, 'allocated') / seconds / 2 ** 20) * 100) / 100,
      promotedMBps: Math.round((sum(scavenges, 'promoted') / seconds / 2 ** 20) * 100) / 100,
      survivedPerScavengeKB: Math.round(sum(scavenges, 'new_space_survived') / Math.max(1, scavenges.length) / 1024),
      before,
      after,
    }),
  );
}

const server = await startServerProcess({
  env: { ORB_BENCH: '1', ...(Object.fromEntries(values.env.map((pair) => pair.split('=', 2))) as NodeJS.ProcessEnv) },
  cpus: '0',
  nodeArgs: [
    '--heapsnapshot-signal=SIGUSR2',
    `--diagnostic-dir=${dir}`,
    ...(inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : []),
    ...(gcWindow > 0 ? ['--trace-gc', '--trace-gc-nvp'] : []),
    ...values['node-args'].split(' ').filter(Boolean),
  ],
});
const stdoutTo = values['stdout-to'];
if (stdoutTo) server.child.stdout?.pipe(createWriteStream(stdoutTo));
const worker = fork(new URL('./benchWorker.ts', import.meta.url).pathname, [], {
  execArgv: ['--import', 'tsx'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
if (worker.pid) execFileSync('taskset', ['-pc', '1', String(worker.pid)], { stdio: 'ignore' });
const request = <T>(command: WorkerCommand) =>
  new Promise<T>((resolve) => {
    worker.once('message', (message) => resolve(message as T));
    worker.send(command);
  });

const taken: { clients: number; file: string }[] = [];
try {
  for (const target of steps) {
    if (target > 0) {
      const grown = await request<GrowReply>({
        type: 'grow',
        endpoint: server.endpoint,
        target,
        concurrency: 16,
        fullEvery: Number(values['full-every']),
      });
      if (grown.failed > 0) console.log(`${grown.failed} joins failed: ${grown.errors.join('; ')}`);
    }
    await sleep(settle);
    const before = await memory(server);
    if (values.snapshots === 'off') {
      console.log(JSON.stringify({ clients: target, memory: before }));
      continue;
    }
    const file = await takeSnapshot(server);
    const after = await memory(server);
    console.log(JSON.stringify({ clients: target, beforeSnapshot: before, afterSnapshot: after, file }));
    taken.push({ clients: target, file });
  }
  if (promotedSeconds > 0) await profilePromoted(promotedSeconds);
  if (gcWindow > 0) await gcStats(gcWindow);
  if (values.churn) await churn(values.churn.split(',').map(Number) as [number, number]);
} finally {
  await new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.send({ type: 'stop' });
    setTimeout(() => worker.kill('SIGKILL'), 15_000).unref();
  });
  await server.stop();
}

/** Prints what the live heap gained from `first` to each later step, by constructor, per added client. */
function compareSnapshots(first: { clients: number; file: string }, later: { clients: number; file: string }[]): void {
  const base = censusOf(first.file);
  for (const { clients, file } of later) {
    const { census, total } = censusOf(file);
    const added = clients - first.clients;
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    console.log(
      `\n${first.clients} -> ${clients} clients: live heap ${mb(base.total)} -> ${mb(total)} MB, ` +
        `${((total - base.total) / 1024 / added).toFixed(1)} KB per added client`,
    );
    const rows = [...census].map(([key, { bytes, count }]) => {
      const was = base.census.get(key) ?? { bytes: 0, count: 0 };
      return { key, bytes: bytes - was.bytes, count: count - was.count };
    });
    rows.sort((a, b) => b.bytes - a.bytes);
    console.log('bytes/client  objects/client  type:constructor');
    for (const row of rows.slice(0, top))
      console.log(
        `${(row.bytes / added).toFixed(0).padStart(12)}  ${(row.count / added).toFixed(2).padStart(14)}  ${row.key}`,
      );
  }
}

const [first, ...later] = taken;
if (first) compareSnapshots(first, later);
if (!values.dir) rmSync(dir, { recursive: true, force: true });
