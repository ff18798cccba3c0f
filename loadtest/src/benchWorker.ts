/**
 * A load-generator process for `npm run bench`, driven over IPC by bench.ts. It holds full bots that
 * play through runBot (the same decoding, deciding and input sending as `npm run loadtest`) and raw
 * light bots (rawBot.ts: plain WebSocket, pre-encoded inputs, nothing decoded), and measures what they
 * receive. For the bare-`ws` reference it holds plain sockets that send the same input frames.
 * Messages in: grow {endpoint, target, concurrency, fullEvery}, growBare {url, target, concurrency},
 * reset, report, stop. (A baseline's own worker understands grow, reset, report and stop.)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createGameClient } from '../../game-client/src/net/gameClient.ts';
import { ARENA_ROOM } from '@orb-arena/shared';
import { runBot, type ArenaRoomShape, type BotHandle } from './botRunner.ts';
import { BENCH_INPUT_FORMAT, InputStream, RawBot } from './rawBot.ts';

export type WorkerCommand =
  | { type: 'grow'; endpoint: string; target: number; concurrency: number; fullEvery: number }
  | { type: 'growBare'; url: string; target: number; concurrency: number }
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
  /** WebSocket messages received by every bot in the window. */
  messagesReceived?: number;
  /**
   * How late this process's own event loop ran in the window, p99 ms: a patch that waits for the
   * generator is counted in patchGapsMs too, so this says how much of a gap is the generator's.
   */
  eventLoopDelayP99Ms?: number;
}

/** A plain socket of the bare-ws reference: counts what arrives and sends the raw bots' input frames. */
class BareClient {
  bytesReceived = 0;
  messagesReceived = 0;
  framesSent = 0;
  private readonly inputs: InputStream;

  constructor(
    readonly socket: WebSocket,
    seed: number,
  ) {
    this.inputs = new InputStream(BENCH_INPUT_FORMAT, seed);
    socket.on('message', (data: Buffer) => {
      this.bytesReceived += data.length;
      this.messagesReceived++;
    });
  }

  sendFrame(): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(this.inputs.next());
    this.framesSent++;
  }
}

const bots: BotHandle[] = [];
const rawBots: RawBot[] = [];
const bareClients: BareClient[] = [];
/** Frames a late timer may catch up at once (a busy generator must not flood the server afterwards). */
const MAX_CATCH_UP_FRAMES = 3;
/**
 * The frame period is cut into this many phases, and each raw bot and bare client sends in its own
 * (its index modulo SEND_PHASES), as players' browsers do: each runs its own clock. With every socket
 * sending in the same turn, 2,000 bots made one 25-30 ms burst of writes here every frame, which
 * delayed the full bots' patches (counted as patch interval) and reached the server as one burst.
 * `BENCH_SEND_PHASES=1` in the bench's environment sends in one burst again, for an A/B.
 */
const SEND_PHASES = sendPhasesFrom(process.env.BENCH_SEND_PHASES);
const phasePeriodMs = 1000 / BENCH_INPUT_FORMAT.sendHz / SEND_PHASES;
const sendingSince = performance.now();
let phasesDue = 0;
/**
 * One timer drives every raw bot and bare client (2,000 timers would cost more than the bots), one
 * phase per firing. It counts phases from the clock, not from its own firings: a late timer (a busy
 * generator) sends the frames it owes, so the bots keep the client's input rate, as a browser's
 * fixed-step loop does.
 */
setInterval(() => {
  const due = Math.floor((performance.now() - sendingSince) / phasePeriodMs);
  phasesDue = Math.max(phasesDue, due - MAX_CATCH_UP_FRAMES * SEND_PHASES);
  for (; phasesDue < due; phasesDue++) {
    const phase = phasesDue % SEND_PHASES;
    for (let i = phase; i < rawBots.length; i += SEND_PHASES) rawBots[i]!.sendFrame();
    for (let i = phase; i < bareClients.length; i += SEND_PHASES) bareClients[i]!.sendFrame();
  }
}, phasePeriodMs);
function sendPhasesFrom(text: string | undefined): number {
  if (text === undefined) return 8;
  const phases = Number(text);
  if (!Number.isInteger(phases) || phases < 1)
    throw new Error(`BENCH_SEND_PHASES must be a whole number ≥ 1, not "${text}"`);
  return phases;
}

/** The generator's own event-loop delay (10 ms sampling, as the server's /metrics measures its own). */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const lastPatch = new Map<number, { at: number; x: number; y: number; moved: boolean }>();
const gaps: number[] = [];
const MAX_GAPS = 200_000;
let nextIndex = 0;
let window = {
  started: performance.now(),
  cpu: process.cpuUsage(),
  bytes: 0,
  patches: 0,
  inputs: 0,
  errors: 0,
  messages: 0,
};

function totals() {
  let bytes = 0;
  let patches = 0;
  let inputs = 0;
  let errors = 0;
  let messages = 0;
  for (const bot of bots) {
    bytes += bot.stats.bytesReceived;
    patches += bot.stats.patches;
    inputs += bot.stats.inputsSent;
    errors += bot.stats.errors.length;
    // Full bots decode every message they count; a patch is one message.
    messages += bot.stats.patches;
  }
  for (const bot of rawBots) {
    bytes += bot.bytesReceived;
    patches += bot.patches;
    inputs += bot.framesSent;
    messages += bot.messagesReceived;
  }
  for (const client of bareClients) {
    bytes += client.bytesReceived;
    patches += client.messagesReceived;
    inputs += client.framesSent;
    messages += client.messagesReceived;
  }
  return { bytes, patches, inputs, errors, messages };
}

/** Joins bot `index`: every `fullEvery`-th one plays and decodes fully, the rest are light bots. */
async function joinOne(endpoint: string, index: number, fullEvery: number): Promise<number> {
  const started = performance.now();
  if (index % fullEvery !== 0) {
    rawBots.push(await RawBot.join(endpoint, { name: `bench-${index}`, seed: index + 1, format: BENCH_INPUT_FORMAT }));
    return performance.now() - started;
  }
  const client = await createGameClient(endpoint, { identity: 'fresh' });
  const room = await client.joinOrCreate<ArenaRoomShape>(ARENA_ROOM, { name: `bench-${index}` });
  const joinMs = performance.now() - started;
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

/** Opens bare-ws reference socket `index`; resolves once open. */
function openBare(url: string, index: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => {
      bareClients.push(new BareClient(socket, index + 1));
      resolve(performance.now() - started);
    });
    socket.once('error', reject);
  });
}

/** Joins until `target` are connected, `concurrency` at a time; a failed join is counted, not retried. */
async function grow(
  target: number,
  concurrency: number,
  joinOne: (index: number) => Promise<number>,
): Promise<GrowReply> {
  const joinMs: number[] = [];
  const errors: string[] = [];
  const toJoin = Math.max(0, target - connected());
  let started = 0;
  let failedNow = 0;
  const lanes = Array.from({ length: Math.min(concurrency, toJoin) }, async () => {
    while (started < toJoin) {
      started++;
      try {
        joinMs.push(await joinOne(nextIndex++));
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
  return (
    // A full bot that lost its seat (a non-consented leave) is not connected.
    bots.filter((bot) => bot.stats.leaveCodes.length === 0).length +
    rawBots.filter((bot) => bot.isOpen).length +
    bareClients.filter((client) => client.socket.readyState === WebSocket.OPEN).length
  );
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
    messagesReceived: current.messages - window.messages,
    eventLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  };
}

process.on('message', (command: WorkerCommand) => {
  const reply = (message: unknown) => process.send?.(message);
  switch (command.type) {
    case 'grow':
      void grow(command.target, command.concurrency, (index) =>
        joinOne(command.endpoint, index, command.fullEvery),
      ).then(reply);
      break;
    case 'growBare':
      void grow(command.target, command.concurrency, (index) => openBare(command.url, index)).then(reply);
      break;
    case 'reset':
      gaps.length = 0;
      loopDelay.reset();
      window = { started: performance.now(), cpu: process.cpuUsage(), ...totals() };
      reply({ type: 'reset' });
      break;
    case 'report':
      reply(report());
      break;
    case 'stop':
      for (const client of bareClients) client.socket.terminate();
      void Promise.all([...bots.map((bot) => bot.stop()), ...rawBots.map((bot) => bot.leave())]).then(() =>
        process.exit(0),
      );
      break;
  }
});
