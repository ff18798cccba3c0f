/**
 * Load test: N bots join the arena and play through the shared input builders, one input per server
 * tick, for a bounded time. Runs under @colyseus/loadtest's `cli()` (its TUI, connection counts and
 * `--output` log) and prints its own summary at exit.
 *
 *   npm run loadtest -- --numClients 200 --endpoint http://127.0.0.1:2567 --room classic --duration 30
 *
 * Own flags (loadtest's are --endpoint, --room/--roomId, --numClients, --delay, --output):
 *   --duration <s>   stop after this many seconds (or env LT_SECONDS). @default 60
 *   --summary <file> also write the summary as JSON there.
 * Without a TTY it still runs (read --output and the summary). Exits 0 when every bot joined and
 * nothing failed to decode, 1 otherwise.
 */
import { cli, type Options } from '@colyseus/loadtest';
import { createGameClient } from '../../game-client/src/net/gameClient.ts';
import { ARENA_ROOM } from '@orb-arena/shared';
import { writeFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runBot, type ArenaRoom, type ArenaRoomShape, type BotHandle } from './botRunner.ts';
import { formatSummary, summarizeBots, type LoadSummary } from './botSummary.ts';

/** Run length when neither --duration nor LT_SECONDS is given, seconds: every run ends by itself. */
const DEFAULT_SECONDS = 60;
/** Endpoint when none is given: loopback, so a bare run never reaches another machine. */
const DEFAULT_ENDPOINT = 'http://127.0.0.1:2567';

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string' },
    summary: { type: 'string' },
    endpoint: { type: 'string' },
    room: { type: 'string' },
    roomId: { type: 'string' },
  },
  strict: false,
  allowPositionals: true,
});
const seconds = readSeconds(flags.duration ?? process.env.LT_SECONDS);
// loadtest's own defaults are ws://localhost:2567 (may resolve to ::1) and no room: fill in ours.
if (flags.endpoint === undefined) process.argv.push('--endpoint', DEFAULT_ENDPOINT);
if (flags.room === undefined && flags.roomId === undefined) process.argv.push('--room', ARENA_ROOM);

const bots: BotHandle[] = [];
const startedAt = Date.now();
let requested = 0;
let failedJoins = 0;
let decodeErrors = 0;
let finishing = false;

/** loadtest calls this once per client, one after another. */
async function main(options: Options): Promise<void> {
  requested = options.numClients;
  const name = `bot-${options.clientId}`;
  let room: ArenaRoom;
  let join: () => Promise<ArenaRoom>;
  try {
    // Each bot is its own guest: signing in is part of joining, and counted with it when it fails.
    const client = await createGameClient(options.endpoint, { identity: 'fresh' });
    join = () =>
      options.roomId
        ? client.joinById<ArenaRoomShape>(options.roomId, { name })
        : client.joinOrCreate<ArenaRoomShape>(options.roomName, { name });
    room = await join();
  } catch (error) {
    failedJoins++;
    throw error;
  }
  if (finishing) {
    await room.leave(true);
    return;
  }
  bots.push(runBot(room, { name, seed: options.clientId + 1, rejoin: join }));
}

cli(main);
countDecodeProblems();
process.on('exit', reportAtExit);
setTimeout(() => void finish(), seconds * 1000);

/** Stops every bot (consented leaves), then raises SIGINT: loadtest writes --output and exits 0. */
async function finish(): Promise<void> {
  finishing = true;
  await Promise.all(bots.map((bot) => bot.stop()));
  process.kill(process.pid, 'SIGINT');
}

/**
 * Runs last among the exit listeners, after loadtest wrote its log and blessed restored the terminal,
 * so the summary lands on the normal screen (or the pipe). Synchronous, as exit listeners must be.
 */
function reportAtExit(): void {
  const summary = buildSummary();
  if (typeof flags.summary === 'string') writeFileSync(flags.summary, `${JSON.stringify(summary, null, 2)}\n`);
  try {
    writeSync(1, formatSummary(summary));
  } catch {
    // stdout already closed (a pipe whose reader left): the --summary file still has the figures.
  }
  if (summary.joined < summary.requested || summary.decodeErrors > 0) process.exitCode = 1;
}

function buildSummary(): LoadSummary {
  return summarizeBots(
    bots.map((bot) => bot.stats),
    { requested, failedJoins, decodeErrors, seconds: (Date.now() - startedAt) / 1000 },
  );
}

/**
 * Counts what the schema decoder logs when a patch does not fit the state (it warns or errors rather
 * than throwing). Wraps loadtest's console, which cli() has just installed, and passes everything on.
 */
function countDecodeProblems(): void {
  const pattern = /@colyseus\/schema|refId|DecodingWarning|definition mismatch/i;
  for (const level of ['warn', 'error'] as const) {
    const forward = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      if (args.some((arg) => pattern.test(arg instanceof Error ? `${arg.name}: ${arg.message}` : String(arg)))) {
        decodeErrors++;
      }
      forward(...args);
    };
  }
}

/** The run length in seconds from --duration or LT_SECONDS; a bad value stops before any bot starts. */
function readSeconds(raw: string | boolean | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_SECONDS;
  const value = Number(raw);
  if (typeof raw !== 'string' || !Number.isFinite(value) || value <= 0) {
    console.error(`--duration (or LT_SECONDS) must be a positive number of seconds, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
}
