/**
 * A load-generator process for `npm run bench`, driven over IPC by bench.ts. It holds bots that play
 * through runBot (the same decoding, deciding and input sending as `npm run loadtest`) and measures
 * what they receive. Messages in: grow {endpoint, target, concurrency}, reset, report, stop.
 */
import { createGameClient } from '../../game-client/src/net/gameClient.ts';
import { ARENA_ROOM } from '@orb-arena/shared';
import { runBot, type ArenaRoomShape, type BotHandle } from './botRunner.ts';
import { LightBot } from './lightBot.ts';

export type WorkerCommand =
  | { type: 'grow'; endpoint: string; target: number; concurrency: number; fullEvery: number }
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
const lightBots: LightBot[] = [];
/** One timer drives every light bot at the tick rate (2,000 timers would cost more than the bots). */
setInterval(() => {
  for (const bot of lightBots) bot.step();
}, 1000 / 30);
const lastPatch = new Map<number, { at: number; x: number; y: number; moved: boolean }>();
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
  for (const bot of lightBots) {
    bytes += bot.bytesReceived;
    patches += bot.patches;
    inputs += bot.inputsSent;
  }
  return { bytes, patches, inputs, errors };
}

/** Joins bot `index`: every `fullEvery`-th one plays and decodes fully, the rest are light bots. */
async function joinOne(endpoint: string, index: number, fullEvery: number): Promise<number> {
  const started = performance.now();
  const client = await createGameClient(endpoint, { identity: 'fresh' });
  const room = await client.joinOrCreate<ArenaRoomShape>(ARENA_ROOM, { name: `bench-${index}` });
  const joinMs = performance.now() - started;
  if (index % fullEvery !== 0) {
    lightBots.push(new LightBot(room, index + 1));
    return joinMs;
  }
  bots.push(
    runBot(room, {
      name: `bench-${index}`,
      seed: index + 1,
      // A patch interval counts only between patches that both moved the bot's own live player: with
      // delta encoding a client whose view did not change gets no patch, which is no delay.
      onPatch: (own) => {
        const now = performance.now();
        const last = lastPatch.get(index);
        const moved = own !== undefined && own.alive && (last === undefined || last.x !== own.x || last.y !== own.y);
        if (moved && last?.moved && gaps.length < MAX_GAPS) gaps.push(now - last.at);
        lastPatch.set(index, { at: now, x: own?.x ?? NaN, y: own?.y ?? NaN, moved });
      },
    }),
  );
  return joinMs;
}

/** Joins bots until `target` are connected, `concurrency` at a time; a failed join is counted, not retried. */
async function grow(command: Extract<WorkerCommand, { type: 'grow' }>): Promise<GrowReply> {
  const joinMs: number[] = [];
  const errors: string[] = [];
  const toJoin = Math.max(0, command.target - connected());
  let started = 0;
  let failedNow = 0;
  const lanes = Array.from({ length: Math.min(command.concurrency, toJoin) }, async () => {
    while (started < toJoin) {
      started++;
      try {
        joinMs.push(await joinOne(command.endpoint, nextIndex++, command.fullEvery));
      } catch (error) {
        failedNow++;
        if (errors.length < 5) errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  });
  await Promise.all(lanes);
  return { type: 'grown', connected: connected(), failed: failedNow, joinMs, errors };
}

function connected(): number {
  return bots.length + lightBots.filter((bot) => bot.room.connection.isOpen).length;
}

function report(): WorkerReport {
  const now = performance.now();
  const seconds = (now - window.started) / 1000;
  const cpu = process.cpuUsage(window.cpu);
  const current = totals();
  return {
    type: 'report',
    connected: connected(),
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
      void Promise.all([...bots.map((bot) => bot.stop()), ...lightBots.map((bot) => bot.leave())]).then(() =>
        process.exit(0),
      );
      break;
  }
});
