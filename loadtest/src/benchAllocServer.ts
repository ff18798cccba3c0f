/**
 * The server side of `npm run bench:alloc` (benchAlloc.ts starts it, one process per measurement): a
 * game server from the checkout at `--root`, in this process, with its room tick, patch and interest
 * update wrapped to measure the bytes each call allocates. Prints `{"port":N}` once listening; on a
 * `start` line on stdin it opens the measuring window, `--seconds` later prints the result as one
 * JSON line (and waits to be stopped).
 *
 * Bytes per call are V8 heap-used deltas around the synchronous call, minus what reading the heap
 * itself costs; a sample across which a scavenge ran comes out negative and is dropped (start it with
 * a large young generation, --max-semi-space-size, so that is rare).
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { parseArgs } from 'node:util';
import type * as Shared from '@orb-arena/shared';
import type * as App from '../../game-server/src/app.ts';
import type * as Room from '../../game-server/src/rooms/ArenaRoom.ts';
import type * as Interest from '../../game-server/src/rooms/InterestManager.ts';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    profile: { type: 'string' },
    'heap-profile': { type: 'string' },
  },
});
const root = values.root!;
const seconds = Number(values.seconds);

/** Most samples one series keeps (preallocated, so measuring allocates nothing itself). */
const MAX_SAMPLES = 200_000;

/** Bytes allocated per call of one wrapped method, in a preallocated buffer. */
class Series {
  readonly bytes = new Float64Array(MAX_SAMPLES);
  count = 0;
  /** Calls across which a scavenge ran (negative delta): not counted. */
  dropped = 0;
  on = false;

  /** @param nested its calls run inside another measured call, which must not count their heap reads */
  constructor(readonly nested = false) {}

  add(delta: number): void {
    if (!this.on) return;
    // A scavenge empties the young generation: the figure drops by far more than reading it costs.
    if (delta < -GC_DROP_BYTES) this.dropped++;
    else if (this.count < MAX_SAMPLES) this.bytes[this.count++] = Math.max(0, delta);
  }

  summary() {
    const sorted = this.bytes.slice(0, this.count).sort();
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
    let sum = 0;
    for (const value of sorted) sum += value;
    return {
      calls: this.count,
      droppedAcrossGc: this.dropped,
      meanBytes: Math.round(this.count ? sum / this.count : 0),
      medianBytes: at(0.5),
      p90Bytes: at(0.9),
    };
  }
}

/** A delta below minus this many bytes means a garbage collection ran inside the call. */
const GC_DROP_BYTES = 4096;

const heapUsed = () => getHeapStatistics().used_heap_size;
/** What a measurement itself allocates (reading the heap figure twice), set by calibrate(). */
let overhead = 0;

const series = { tick: new Series(), patch: new Series(), interest: new Series(true) };

/** Sets `overhead` to the median bytes the measuring wrapper reports around a method that allocates nothing. */
function calibrate(): void {
  const probe = { nothing: (): void => undefined } as Record<string, unknown>;
  const found = new Series();
  measure(probe, 'nothing', found);
  found.on = true;
  for (let i = 0; i < 20_000; i++) (probe.nothing as () => void)();
  overhead = found.summary().medianBytes;
}
/** heapUsed() calls made inside the current patch by the interest wrapper (charged to it, not the patch). */
let innerReads = 0;

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Wraps `prototype[name]` to record the bytes each call allocates into `into`. */
function measure(prototype: Record<string, unknown>, name: string, into: Series): void {
  const original = prototype[name] as Method;
  if (typeof original !== 'function') throw new Error(`no method ${name} to measure`);
  prototype[name] = function (this: unknown, ...args: unknown[]) {
    const readsBefore = innerReads;
    const before = heapUsed();
    const result = original.apply(this, args);
    const after = heapUsed();
    // The wrapper's own rest array is allocated before `before` and is not counted.
    into.add(after - before - overhead * (1 + 2 * (innerReads - readsBefore)));
    if (into.nested) innerReads++;
    return result;
  };
}

/**
 * The shared simulation alone, outside any room: a world of SIM_PLAYERS players stepped with fresh
 * steering every step (inputs are built before the measured call), bytes per stepWorld call.
 */
const SIM_PLAYERS = 50;
const SIM_STEPS = 3000;
calibrate();
const sim = (await import(pathToFileURL(join(root, 'shared/src/index.ts')).href)) as typeof Shared;
const simSeries = new Series();
{
  // Loading modules left old-space garbage whose concurrent sweeping would move the heap figure.
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const world = sim.createWorld(20261130);
  const inputs = new Map<string, { x: number; y: number }[]>();
  for (let i = 0; i < SIM_PLAYERS; i++) {
    sim.addPlayer(world, `p${i}`, `p${i}`);
    inputs.set(`p${i}`, [{ x: 0, y: 0 }]);
  }
  // This checkout's stepWorld takes a reusable events object; an older one ignores the argument.
  const events =
    'createStepEvents' in sim ? (sim as { createStepEvents: () => unknown }).createStepEvents() : undefined;
  const stepWorld = sim.stepWorld as (world: unknown, inputs: unknown, events?: unknown) => unknown;
  const probe = { step: stepWorld } as Record<string, unknown>;
  measure(probe, 'step', simSeries);
  const step = probe.step as typeof stepWorld;
  for (let n = 0; n < SIM_STEPS; n++) {
    let i = 0;
    for (const list of inputs.values()) {
      const angle = ((n >> 6) + i++ * 37) % 360;
      list[0]!.x = Math.round(Math.cos(angle) * 127);
      list[0]!.y = Math.round(Math.sin(angle) * 127);
    }
    simSeries.on = n >= SIM_STEPS / 3; // after warm-up (JIT, grid cells grown to size)
    step(world, inputs, events);
  }
  simSeries.on = false;
}

const gameServer = (await import(pathToFileURL(join(root, 'game-server/src/app.ts')).href)) as typeof App;
const { ArenaRoom } = (await import(
  pathToFileURL(join(root, 'game-server/src/rooms/ArenaRoom.ts')).href
)) as typeof Room;
const { InterestManager } = (await import(
  pathToFileURL(join(root, 'game-server/src/rooms/InterestManager.ts')).href
)) as typeof Interest;

measure(ArenaRoom.prototype as unknown as Record<string, unknown>, 'tick', series.tick);
measure(ArenaRoom.prototype as unknown as Record<string, unknown>, 'broadcastPatch', series.patch);
measure(InterestManager.prototype as unknown as Record<string, unknown>, 'update', series.interest);

const server = gameServer.createGameServer({
  clientDir: null,
  settings: { fillerBots: 0, emptyRoomGraceSeconds: 0 },
  security: {
    roomsPerAddressPerMinute: 100_000,
    guestsPerAddressPerMinute: 100_000,
    socketsPerAddress: 100_000,
    reservationsPerAddress: 100_000,
  },
});
await server.listen(0, '127.0.0.1');
const port = ((server.transport as unknown as { server: HttpServer }).server.address() as AddressInfo).port;
process.stdout.write(`${JSON.stringify({ port })}\n`);

const gc = { count: 0, ms: 0, byKind: {} as Record<string, { count: number; ms: number }> };
const KIND_NAMES: Record<number, string> = {
  [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = KIND_NAMES[(entry as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
    const slot = (gc.byKind[kind] ??= { count: 0, ms: 0 });
    slot.count++;
    slot.ms += entry.duration;
    gc.count++;
    gc.ms += entry.duration;
  }
});

async function runWindow(): Promise<void> {
  const session = values.profile || values['heap-profile'] ? new Session() : undefined;
  session?.connect();
  if (values.profile) {
    await session!.post('Profiler.enable');
    await session!.post('Profiler.start');
  }
  // Where the bytes come from (a sampling heap profile), when asked: for finding garbage, not for figures.
  if (values['heap-profile'])
    await session!.post('HeapProfiler.startSampling', {
      samplingInterval: 128,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  observer.observe({ entryTypes: ['gc'] });
  for (const one of Object.values(series)) one.on = true;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const elapsed = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  for (const one of Object.values(series)) one.on = false;
  observer.disconnect();
  if (values.profile) {
    const { profile } = await session!.post('Profiler.stop');
    writeFileSync(values.profile, JSON.stringify(profile));
  }
  if (values['heap-profile']) {
    const { profile } = await session!.post('HeapProfiler.stopSampling');
    writeFileSync(values['heap-profile'], JSON.stringify(profile));
  }
  session?.disconnect();
  const result = {
    seconds: Number(elapsed.toFixed(2)),
    cpuPercent: Number((((used.user + used.system) / 1e6 / elapsed) * 100).toFixed(1)),
    heapReadOverheadBytes: overhead,
    simStep: { players: SIM_PLAYERS, ...simSeries.summary() },
    tick: series.tick.summary(),
    patch: series.patch.summary(),
    interestUpdate: series.interest.summary(),
    gc: {
      count: gc.count,
      perSecond: Number((gc.count / elapsed).toFixed(2)),
      ms: Number(gc.ms.toFixed(1)),
      percentOfTime: Number(((gc.ms / 1000 / elapsed) * 100).toFixed(2)),
      byKind: gc.byKind,
    },
    rssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
  // benchAlloc.ts stops this process once its bots have left.
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'start') void runWindow();
});
