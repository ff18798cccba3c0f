/**
 * A load-generator process for `npm run bench`, driven over IPC by bench.ts. It holds bots that play
 * through runBot (the same decoding, deciding and input sending as `npm run loadtest`) and measures
 * what they receive. Messages in: grow {endpoint, target, concurrency}, reset, report, stop.
 */
import { Client } from '@colyseus/sdk';
import { ARENA_ROOM } from '@orb-arena/shared';
import { runBot, type ArenaRoomShape, type BotHandle } from './botRunner.ts';

export type WorkerCommand =
  | { type: 'grow'; endpoint: string; target: number; concurrency: number }
  | { type: 'reset' }
  | { type: 'report' }
  | { type: 'stop' };

export interface GrowReply {
  type: 'grown';
  connected: number;
  failed: number;
  joinMs: number[];
  errors: string[];
}

export interface WorkerReport {
  type: 'report';
  connected: number;
  seconds: number;
  /** CPU the worker used in the window, percent of one core. */
  cpuPercent: number;
  bytesReceived: number;
  patches: number;
  inputsSent: number;
  /** Gaps between consecutive patches of a live bot, ms (a sample: every bot's last 50). */
  patchGapsMs: number[];
  decodeErrors: number;
}

const bots: BotHandle[] = [];
const lastPatchAt = new Map<number, number>();
const gaps: number[] = [];
const MAX_GAPS = 200_000;
let nextIndex = 0;
let window = { started: performance.now(), cpu: process.cpuUsage(), bytes: 0, patches: 0, inputs: 0, errors: 0 };

function totals() {
  let bytes = 0;
  let patches = 0;
  let inputs = 0;
  let errors = 0;
  for (const bot of bots) {
    bytes += bot.stats.bytesReceived;
    patches += bot.stats.patches;
    inputs += bot.stats.inputsSent;
    errors += bot.stats.errors.length;
  }
  return { bytes, patches, inputs, errors };
}

async function joinOne(endpoint: string, index: number): Promise<number> {
  const started = performance.now();
  const room = await new Client(endpoint).joinOrCreate<ArenaRoomShape>(ARENA_ROOM, { name: `bench-${index}` });
  const joinMs = performance.now() - started;
  bots.push(
    runBot(room, {
      name: `bench-${index}`,
      seed: index + 1,
      onPatch: (alive) => {
        const now = performance.now();
        const last = lastPatchAt.get(index);
        if (alive && last !== undefined && gaps.length < MAX_GAPS) gaps.push(now - last);
        lastPatchAt.set(index, alive ? now : NaN);
      },
    }),
  );
  return joinMs;
}

/** Joins bots until `target` are connected, `concurrency` at a time; a failed join is counted, not retried. */
async function grow(command: Extract<WorkerCommand, { type: 'grow' }>): Promise<GrowReply> {
  const joinMs: number[] = [];
  const errors: string[] = [];
  const toJoin = Math.max(0, command.target - bots.length);
  let started = 0;
  let failedNow = 0;
  const lanes = Array.from({ length: Math.min(command.concurrency, toJoin) }, async () => {
    while (started < toJoin) {
      started++;
      try {
        joinMs.push(await joinOne(command.endpoint, nextIndex++));
      } catch (error) {
        failedNow++;
        if (errors.length < 5) errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  });
  await Promise.all(lanes);
  return { type: 'grown', connected: bots.length, failed: failedNow, joinMs, errors };
}

function report(): WorkerReport {
  const now = performance.now();
  const seconds = (now - window.started) / 1000;
  const cpu = process.cpuUsage(window.cpu);
  const current = totals();
  return {
    type: 'report',
    connected: bots.length,
    seconds,
    cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
    bytesReceived: current.bytes - window.bytes,
    patches: current.patches - window.patches,
    inputsSent: current.inputs - window.inputs,
    patchGapsMs: gaps.slice(),
    decodeErrors: current.errors - window.errors,
  };
}

process.on('message', (command: WorkerCommand) => {
  const reply = (message: unknown) => process.send?.(message);
  switch (command.type) {
    case 'grow':
      void grow(command).then(reply);
      break;
    case 'reset':
      gaps.length = 0;
      window = { started: performance.now(), cpu: process.cpuUsage(), ...totals() };
      reply({ type: 'reset' });
      break;
    case 'report':
      reply(report());
      break;
    case 'stop':
      void Promise.all(bots.map((bot) => bot.stop())).then(() => process.exit(0));
      break;
  }
});
