import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, waitForState, type TestServer } from '../../game-server/test/harness.ts';
import { ARENA_ROOM } from '@orb-arena/shared';
import type { LoadSummary } from '../src/botSummary.ts';

/*
 * CI-sized load smoke: the real bot script (`npm run loadtest`'s entry, under @colyseus/loadtest's
 * cli()) runs as a child process against a real server listening on a free loopback port. It asserts
 * behaviour only; speed is for the benchmarks, which print figures instead.
 */

const BOTS = 20;
/**
 * Length of the bot run, seconds. Each bot signs in as a guest and then joins (well under a second on
 * an idle machine); on a shared CI machine with one core busy the last joins can take several seconds,
 * and every bot must still get time to move and eat.
 */
const RUN_SECONDS = 10;
/** The child is killed (by its PID) if it is still running this long after start, ms: a guard, not a wait. */
const CHILD_GUARD_MS = 45_000;
const LOADTEST_DIR = new URL('..', import.meta.url).pathname;

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last few kB of stdout and stderr, for a failure message. */
  tail: string;
}

/** Runs `src/bot.ts` with `args` and resolves when the process has exited. */
function runBotScript(args: string[]): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bot.ts', ...args], {
    cwd: LOADTEST_DIR,
    env: { ...process.env, LT_SECONDS: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const guard = setTimeout(() => child.kill('SIGKILL'), CHILD_GUARD_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, tail });
    });
  });
}

describe(`load smoke: ${BOTS} bots play against a real server`, () => {
  let server: TestServer;
  let dir: string;
  let result: ChildResult;
  let summary: LoadSummary;
  let loadtestLog: string;

  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'orb-loadtest-'));
    const summaryPath = join(dir, 'summary.json');
    const outputPath = join(dir, 'loadtest.log');
    result = await runBotScript([
      ...['--numClients', String(BOTS), '--endpoint', server.endpoint, '--room', ARENA_ROOM],
      ...['--duration', String(RUN_SECONDS), '--output', outputPath, '--summary', summaryPath],
    ]);
    summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as LoadSummary;
    loadtestLog = readFileSync(outputPath, 'utf8');
    console.log(`load smoke figures: ${JSON.stringify({ ...summary, perBot: undefined })}`);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the bot script stops by itself after its duration and exits 0', () => {
    expect({ code: result.code, signal: result.signal }, result.tail).toEqual({ code: 0, signal: null });
    expect(result.tail).toContain(`Orb Arena load test: ${BOTS}/${BOTS} bots joined`);
  });

  test('every bot connects, and loadtest counts no failed connection and no error', () => {
    expect(summary).toMatchObject({ requested: BOTS, joined: BOTS, failedJoins: 0 });
    expect(loadtestLog).toContain(`Successful connections: ${BOTS}`);
    expect(loadtestLog).toContain('Failed connections: 0');
    expect(loadtestLog).toContain('Total errors: 0');
  });

  test('every bot receives patches and none fails to decode', () => {
    expect(summary.perBot).toHaveLength(BOTS);
    for (const bot of summary.perBot) {
      expect(bot.patches, bot.name).toBeGreaterThan(1);
      expect(bot.bytesReceived, bot.name).toBeGreaterThan(0);
      expect(bot.errors, bot.name).toEqual([]);
    }
    expect(summary.decodeErrors).toBe(0);
  });

  test('every bot sends inputs and moves its player, and some score', () => {
    for (const bot of summary.perBot) {
      expect(bot.inputsSent, bot.name).toBeGreaterThan(0);
      expect(bot.moved, bot.name).toBe(true);
    }
    expect(summary.scored).toBeGreaterThan(0);
    expect(summary.maxScore).toBeGreaterThan(0);
  });

  test('the server still answers health checks and new players afterwards', async () => {
    const health = await fetch(`${server.endpoint}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    const room = await server.join({ name: 'after-load' });
    const own = await waitForState(
      room,
      (state) => state.players?.get(room.sessionId),
      (player) => player !== undefined,
    );
    expect(own?.name).toBe('after-load');
    await room.leave();
  });
});
