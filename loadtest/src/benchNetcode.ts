/**
 * `npm run bench:netcode`: how the netcode feels at RTT 0/100/150/200 ms with 20 ms jitter.
 *
 * A real server runs in its own process. For each condition an "observer" client (the browser's own
 * net/ code, ArenaConnection, driven by a 60 fps frame loop) plays a scripted input sequence through
 * the lag proxy, while three "movers" connected directly circle around it so it has remote players to
 * interpolate. Prints one JSON object per condition. Options: --seconds N (per condition, default 60),
 * --rtt 0,100,150,200, --jitter 20.
 */
import '../../game-server/src/polyfill.ts';
import type { Room } from '@colyseus/sdk';
import { createGameClient } from '../../game-client/src/net/gameClient.ts';
import {
  ARENA_ROOM,
  batchInputsTo,
  buildMoveInput,
  buildSteerInput,
  speedForMass,
  type ArenaState,
  type MoveInput,
} from '@orb-arena/shared';
import { parseArgs } from 'node:util';
import { ArenaConnection } from '../../game-client/src/net/ArenaConnection.ts';
import { startLagProxy } from './lagProxy.ts';
import { startServerProcess } from './serverProcess.ts';
import { summarize } from './stats.ts';

const FRAME_MS = 1000 / 60;
/** Prediction error is reported after this warm-up, when the jitter buffers have settled. */
const WARMUP_MS = 3000;
/**
 * Being eaten and respawning is a teleport by design, not a netcode error: samples of a player are
 * skipped from the moment it is seen dead until this long after it is seen alive again.
 */
const RESPAWN_SETTLE_MS = 1000;
const MOVERS = 3;
/** Distance from a wall (units) inside which direction changes are not timed. */
const WALL_MARGIN = 100;

/** True within WALL_MARGIN of a wall of the live arena (side `arenaSize`, which follows the room's population). */
function isNearWall(at: { x: number; y: number }, arenaSize: number): boolean {
  return Math.min(at.x, at.y, arenaSize - at.x, arenaSize - at.y) < WALL_MARGIN;
}

/** The observer's scripted steering: a new direction every 1.5 s, including stops and diagonals. */
const SCRIPT: MoveInput[] = [
  buildMoveInput(1, 0),
  buildMoveInput(0, 1),
  buildMoveInput(-1, 0),
  buildMoveInput(0, 0),
  buildMoveInput(0, -1),
  buildMoveInput(1, 1),
  buildMoveInput(-1, -1),
  buildMoveInput(0.5, 0),
];

interface ConditionResult {
  rttMs: number;
  jitterMs: number;
  seconds: number;
  predictionError: { p50: number; p99: number; max: number; p99PerTickSpeedFraction: number };
  correctionsOver1UnitPerMinute: number;
  remoteSmoothness: { p50: number; p99: number; max: number; frames: number };
  /**
   * The same figure for the own orb as drawn (frame step / what its speed covers in that frame), over
   * frames where it is steered and not against a wall: 1 is perfectly even; 30 Hz steps drawn as they
   * are on a 60 Hz screen give 0 and 2 alternately.
   */
  ownSmoothness: { p50: number; p99: number; max: number; frames: number };
  bufferDryFraction: number;
  inputToOwnMotionFrames: { p50: number; p99: number; max: number };
  inputToAckMs: { p50: number; p99: number; max: number };
  interpolationDelayMs: number;
  /** Deaths whose teleports were left out of the figures (see RESPAWN_SETTLE_MS). */
  excludedRespawns: { own: number; remote: number };
  measuredRttMs: number;
}

async function joinMover(endpoint: string, index: number): Promise<Room<unknown, ArenaState>> {
  const client = await createGameClient(endpoint, { identity: 'fresh' });
  const room = await client.joinOrCreate<ArenaState>(ARENA_ROOM, { name: `mover-${index}` });
  // A mover only moves: the room's messages (chat feed, kills, results) are read and dropped, not
  // logged by the SDK as unhandled.
  room.onMessage('*', () => undefined);
  return room;
}

interface Condition {
  endpoint: string;
  port: number;
  rttMs: number;
  jitterMs: number;
  seconds: number;
}

async function runCondition({ endpoint, port, rttMs, jitterMs, seconds }: Condition): Promise<ConditionResult> {
  const proxy = await startLagProxy({ targetPort: port, rttMs, jitterMs, seed: rttMs + 1 });
  const observer = await ArenaConnection.join({
    endpoint: `http://127.0.0.1:${proxy.port}`,
    options: { name: `observer-${rttMs}` },
    identity: 'fresh',
  });
  // The observer has no chat: the room's feed and chat lines are dropped, not logged as unhandled.
  observer.room.onMessage('*', () => undefined);
  const movers = await Promise.all(Array.from({ length: MOVERS }, (_, i) => joinMover(endpoint, i)));
  const moverInputs = movers.map((mover) => batchInputsTo(mover));
  const predictedAt = new Map<number, { x: number; y: number; mass: number }>();
  const sentAt = new Map<number, number>();
  const errors: number[] = [];
  const ackTimes: number[] = [];
  const smoothness: number[] = [];
  const ownSmoothness: number[] = [];
  const motionDelays: number[] = [];
  let corrections = 0;
  let deaths = 0;
  let remoteRespawns = 0;
  let ownSettledAt = 0;
  const remoteSettledAt = new Map<string, number>();
  let lastAck = 0;
  let dryFrames = 0;
  let remoteFrames = 0;
  const started = performance.now();

  const sendInput = observer.sendInput.bind(observer);
  observer.sendInput = (steer) => {
    sendInput(steer);
    predictedAt.set(observer.lastInputSeq, { ...observer.predictor.predicted });
    sentAt.set(observer.lastInputSeq, performance.now());
  };
  observer.room.onStateChange(() => {
    const now = performance.now();
    const ack = observer.ackedInputSeq;
    const own = observer.state.players?.get(observer.sessionId);
    const predicted = predictedAt.get(ack);
    if (own && !own.alive) {
      if (now >= ownSettledAt) deaths++;
      ownSettledAt = now + RESPAWN_SETTLE_MS;
    }
    const settled = now - started > WARMUP_MS && now >= ownSettledAt;
    if (settled && own && predicted && predicted.mass === own.mass) {
      errors.push(Math.hypot(predicted.x - own.x, predicted.y - own.y));
      if (observer.predictor.lastCorrection > 1) corrections++;
    }
    for (let seq = lastAck + 1; seq <= ack; seq++) {
      const sent = sentAt.get(seq);
      if (sent !== undefined) ackTimes.push(now - sent);
      sentAt.delete(seq);
      predictedAt.delete(seq - 1);
    }
    lastAck = Math.max(lastAck, ack);
  });

  let frame = 0;
  let lastFrame = performance.now();
  let pendingChange: { frame: number; steer: MoveInput; from: { x: number; y: number } } | null = null;
  const previousRemote = new Map<string, { x: number; y: number }>();
  const timer = setInterval(() => {
    const now = performance.now();
    const frameMs = now - lastFrame;
    lastFrame = now;
    const elapsed = now - started;
    const steer = SCRIPT[Math.floor(elapsed / 1500) % SCRIPT.length]!;
    const before = observer.ownPosition();
    if (!pendingChange || pendingChange.steer !== steer) {
      // Pushing into a wall moves nothing however fast the input lands, so changes near one don't count.
      const nearWall = isNearWall(before, observer.arenaSize);
      pendingChange = (steer.x !== 0 || steer.y !== 0) && !nearWall ? { frame, steer, from: before } : null;
    }
    observer.update(frameMs, steer);
    const after = observer.ownPosition();
    if (now < ownSettledAt) pendingChange = null;
    if (elapsed >= WARMUP_MS && now >= ownSettledAt && (steer.x !== 0 || steer.y !== 0)) {
      const nearWall = isNearWall(after, observer.arenaSize);
      const trueStep = (speedForMass(after.mass) * frameMs) / 1000;
      if (!nearWall) ownSmoothness.push(Math.hypot(after.x - before.x, after.y - before.y) / trueStep);
    }
    if (pendingChange && pendingChange.frame >= 0) {
      const moved = (after.x - before.x) * pendingChange.steer.x + (after.y - before.y) * pendingChange.steer.y;
      if (moved > 0) {
        motionDelays.push(frame - pendingChange.frame);
        pendingChange = { ...pendingChange, frame: -1 };
      }
    }
    const remotes = observer.remotes();
    // A remote that left the view starts over when it comes back, so its jump back is not a frame step.
    for (const id of previousRemote.keys()) if (!remotes.some((remote) => remote.id === id)) previousRemote.delete(id);
    for (const remote of remotes) {
      remoteFrames++;
      if (remote.dry) dryFrames++;
      const previous = previousRemote.get(remote.id);
      previousRemote.set(remote.id, { x: remote.x, y: remote.y });
      if (!remote.alive) {
        if (now >= (remoteSettledAt.get(remote.id) ?? 0)) remoteRespawns++;
        remoteSettledAt.set(remote.id, now + RESPAWN_SETTLE_MS);
      }
      if (!previous || elapsed < WARMUP_MS || now < (remoteSettledAt.get(remote.id) ?? 0)) continue;
      const trueStep = (speedForMass(remote.mass) * frameMs) / 1000;
      smoothness.push(Math.hypot(remote.x - previous.x, remote.y - previous.y) / trueStep);
    }
    // Movers circle the observer 250 units out, a quarter turn every 2 s, so they stay in its view.
    const angle = (elapsed / 2000) * (Math.PI / 2);
    movers.forEach((mover, i) => {
      const me = mover.state.players?.get(mover.sessionId);
      if (!me) return;
      const phase = angle + (i * 2 * Math.PI) / MOVERS;
      const target = { x: after.x + 250 * Math.cos(phase), y: after.y + 250 * Math.sin(phase) };
      if (frame % 2 === 0) {
        moverInputs[i]!.push(buildSteerInput(me, target));
      }
    });
    frame++;
  }, FRAME_MS);

  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  clearInterval(timer);
  const stats = observer.stats();
  const mass = observer.predictor.predicted.mass;
  await Promise.all([observer.leave(), ...movers.map((mover) => mover.leave())]);
  await proxy.close();
  const error = summarize(errors);
  const perTick = speedForMass(mass) / 30;
  const result: ConditionResult = {
    rttMs,
    jitterMs,
    seconds,
    predictionError: { ...error, p99PerTickSpeedFraction: Number((error.p99 / perTick).toFixed(4)) },
    correctionsOver1UnitPerMinute: Number(
      ((corrections * 60_000) / Math.max(1, seconds * 1000 - WARMUP_MS)).toFixed(2),
    ),
    remoteSmoothness: { ...summarize(smoothness), frames: smoothness.length },
    ownSmoothness: { ...summarize(ownSmoothness), frames: ownSmoothness.length },
    bufferDryFraction: Number((dryFrames / Math.max(1, remoteFrames)).toFixed(4)),
    inputToOwnMotionFrames: summarize(motionDelays, 0),
    inputToAckMs: summarize(ackTimes, 1),
    interpolationDelayMs: Number(stats.interpolationDelayMs.toFixed(1)),
    excludedRespawns: { own: deaths, remote: remoteRespawns },
    measuredRttMs: Number((stats.pingMs ?? Number.NaN).toFixed(1)),
  };
  return result;
}

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    rtt: { type: 'string', default: '0,100,150,200' },
    jitter: { type: 'string', default: '20' },
  },
});
const server = await startServerProcess();
try {
  for (const rtt of values.rtt.split(',').map(Number)) {
    const result = await runCondition({
      endpoint: server.endpoint,
      port: server.port,
      rttMs: rtt,
      jitterMs: Number(values.jitter),
      seconds: Number(values.seconds),
    });
    console.log(JSON.stringify(result));
  }
} finally {
  await server.stop();
}
process.exit(0);
