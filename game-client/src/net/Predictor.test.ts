import { describe, expect, test } from 'vitest';
import {
  addPlayer,
  ARENA_SIZE,
  AXIS_MAX,
  buildMoveInput,
  buildSteerInput,
  createWorld,
  randomBetween,
  START_MASS,
  stepBody,
  stepWorld,
  TICK_HZ,
  type MoveInput,
  type RandomSource,
  type SimPlayer,
  type World,
} from '@orb-arena/shared';
import { Predictor, type AuthoritativeBody } from './Predictor.ts';

const DT = 1 / TICK_HZ;
const OWN = 'own';
/** Most queued inputs the server applies for one player in one tick (ArenaRoom's InputGate burst). */
const BURST = 4;

/** The own player's authoritative fields as a patch carries them (a copy, not the live object). */
function bodyOf(player: SimPlayer): AuthoritativeBody {
  return { x: player.x, y: player.y, mass: player.mass, alive: player.alive };
}

/** A server world with no orbs, so nothing changes the own player's mass behind the client's back. */
function createServer(seed: number, respawnSeconds = 3): { world: World; own: SimPlayer } {
  const world = createWorld(seed, { orbCount: 0, respawnSeconds });
  return { world, own: addPlayer(world, OWN, 'own') };
}

/** One server tick that applies `inputs` to the own player, as ArenaRoom.tick does. */
function serverTick(world: World, inputs: readonly MoveInput[]): void {
  stepWorld(world, new Map([[OWN, inputs]]));
}

/** Input patterns, each a pure function of the input's index and a seeded generator. */
const PATTERNS: Record<string, (index: number, rng: RandomSource) => MoveInput> = {
  'full speed east': () => ({ x: AXIS_MAX, y: 0 }),
  'random analogue steering': (_index, rng) =>
    buildMoveInput(randomBetween(rng, -1.2, 1.2), randomBetween(rng, -1.2, 1.2)),
  'un-normalised diagonal and out-of-range axes': (index) =>
    [
      { x: AXIS_MAX, y: AXIS_MAX },
      { x: 1000, y: -5 },
      { x: Number.NaN, y: -AXIS_MAX },
      { x: 63.5, y: Infinity },
    ][index % 4]!,
  'sliding along the west wall': (index) => ({ x: -AXIS_MAX, y: index % 10 < 7 ? 90 : -40 }),
};

describe('reconciliation against a server running the shared simulation', () => {
  // [inputs sent n, inputs the server applied when the snapshot was taken k, pattern, inputs per server tick]
  test.for<[number, number, string, number]>([
    [6, 2, 'full speed east', 1],
    [12, 5, 'random analogue steering', 1],
    [40, 31, 'random analogue steering', 3],
    [20, 8, 'un-normalised diagonal and out-of-range axes', 2],
    [30, 12, 'sliding along the west wall', 1],
    [9, 0, 'random analogue steering', 1],
  ])(
    'with %i inputs sent and %i applied, the prediction equals where the server ends after all of them (%s)',
    ([n, k, pattern, perTick]) => {
      const { world, own } = createServer(n * 100 + k);
      if (pattern === 'sliding along the west wall') own.x = 20;
      const rng: RandomSource = { rng: 99 + n };
      const inputs = Array.from({ length: n }, (_, index) => PATTERNS[pattern]!(index, rng));
      const predictor = new Predictor({ dt: DT });
      predictor.reconcile(bodyOf(own), 0);

      inputs.forEach((input, index) => predictor.applyLocal(index + 1, input));
      for (let applied = 0; applied < k; applied += perTick)
        serverTick(world, inputs.slice(applied, Math.min(k, applied + perTick)));
      const snapshot = bodyOf(own);
      expect(predictor.reconcile(snapshot, k)).toBe(0);
      expect(predictor.pendingCount).toBe(n - k);
      const prediction = { ...predictor.predicted };

      for (let applied = k; applied < n; applied += perTick)
        serverTick(world, inputs.slice(applied, applied + perTick));
      // The remaining inputs really move the server, so the equality below is not a stand-still.
      expect(bodyOf(own)).not.toEqual(snapshot);
      expect(prediction).toEqual(bodyOf(own));

      expect(predictor.reconcile(bodyOf(own), n)).toBe(0);
      expect(predictor.pendingCount).toBe(0);
      expect(predictor.offset).toEqual({ x: 0, y: 0 });
      expect(predictor.predicted).toEqual(bodyOf(own));
    },
  );

  interface LinkScenario {
    name: string;
    seed: number;
    /** Ticks an input takes to reach the server; inputs stay in order, as on a WebSocket. */
    upTicks: number;
    /** Extra up-link delay, 0 to this many ticks, drawn per input: late inputs arrive in bursts. */
    jitterTicks: number;
    /** Ticks a patch takes to reach the client. */
    downTicks: number;
    /** A heavy player waits near the spawn and the own player steers into it, dies and respawns. */
    eaten: boolean;
  }

  test.each<LinkScenario>([
    { name: 'a steady 100 ms link', seed: 1, upTicks: 2, jitterTicks: 0, downTicks: 1, eaten: false },
    { name: 'a jittery link with input bursts', seed: 2, upTicks: 3, jitterTicks: 5, downTicks: 2, eaten: false },
    { name: 'being eaten and respawning', seed: 3, upTicks: 2, jitterTicks: 1, downTicks: 2, eaten: true },
    { name: 'being eaten on a jittery link', seed: 4, upTicks: 4, jitterTicks: 4, downTicks: 3, eaten: true },
  ])('over $name every patch finds the prediction exact, and it ends on the server state', (scenario) => {
    const { world, own } = createServer(scenario.seed, 0.5);
    const eater = scenario.eaten ? addPlayer(world, 'eater', 'eater') : undefined;
    if (eater) {
      eater.mass = 400;
      eater.x = own.x < ARENA_SIZE / 2 ? own.x + 150 : own.x - 150;
      eater.y = own.y;
    }
    const rng: RandomSource = { rng: scenario.seed * 7919 };
    const predictor = new Predictor({ dt: DT });
    const upLink: { input: MoveInput; arrives: number }[] = [];
    const downLink: { body: AuthoritativeBody; ack: number; arrives: number }[] = [];
    const problems: string[] = [];
    let sent = 0;
    let applied = 0;
    let seenDeath = false;
    let deaths = 0;
    let largestBurst = 0;
    let previousAlive: boolean | undefined;
    let lastArrival = 0;
    let steer = { x: 0, y: 0 };

    for (let tick = 0; tick < 400; tick++) {
      // Client: patches first, then one input per tick (also while dead) for 300 ticks; then the link drains.
      while (downLink.length > 0 && downLink[0]!.arrives <= tick) {
        const patch = downLink.shift()!;
        const correction = predictor.reconcile(patch.body, patch.ack);
        if (previousAlive && patch.body.alive && correction !== 0) {
          problems.push(`tick ${tick}: correction ${correction} at ack ${patch.ack} of ${sent}`);
        }
        if (!patch.body.alive) seenDeath = true;
        previousAlive = patch.body.alive;
      }
      if (tick < 300) {
        const at = predictor.predicted;
        if (eater && !seenDeath) steer = buildSteerInput(at, eater);
        else if (eater) steer = buildSteerInput(at, { x: 2 * at.x - eater.x, y: 2 * at.y - eater.y });
        else if (tick % 20 === 0) steer = buildMoveInput(randomBetween(rng, -1, 1), randomBetween(rng, -1, 1));
        predictor.applyLocal(++sent, steer);
        lastArrival = Math.max(
          lastArrival,
          tick + scenario.upTicks + Math.floor(randomBetween(rng, 0, scenario.jitterTicks + 1)),
        );
        upLink.push({ input: { ...steer }, arrives: lastArrival });
      }
      // Server: a burst of at most BURST arrived inputs, then a patch on two ticks of three (20 Hz).
      let take = 0;
      while (take < Math.min(BURST, upLink.length) && upLink[take]!.arrives <= tick) take++;
      const wasAlive = own.alive;
      serverTick(
        world,
        upLink.splice(0, take).map((entry) => entry.input),
      );
      applied += take;
      largestBurst = Math.max(largestBurst, take);
      if (wasAlive && !own.alive) deaths++;
      if (tick % 3 !== 2) downLink.push({ body: bodyOf(own), ack: applied, arrives: tick + scenario.downTicks });
    }

    expect(problems).toEqual([]);
    expect(deaths).toBe(scenario.eaten ? 1 : 0);
    // Jitter makes late inputs bunch up, so some ticks apply several.
    expect(largestBurst > 1).toBe(scenario.jitterTicks > 0);
    expect(own.alive).toBe(true);
    expect(own.mass).toBe(START_MASS);
    expect(upLink).toEqual([]);
    expect(applied).toBe(sent);
    expect(predictor.pendingCount).toBe(0);
    expect(predictor.predicted).toEqual(bodyOf(own));
  });
});

describe('pending inputs', () => {
  const atRest: AuthoritativeBody = { x: 1000, y: 1000, mass: START_MASS, alive: true };
  const east: MoveInput = { x: AXIS_MAX, y: 0 };

  test.each([
    [0, 5, 5],
    [3, 5, 2],
    [5, 5, 0],
  ])('an ack of %i after %i inputs leaves %i pending', (ack, sent, pending) => {
    const predictor = new Predictor({ dt: DT });
    predictor.reconcile(atRest, 0);
    for (let seq = 1; seq <= sent; seq++) predictor.applyLocal(seq, east);
    predictor.reconcile(atRest, ack);
    expect(predictor.pendingCount).toBe(pending);
    // Only the unacknowledged inputs are replayed on top of the server's body.
    const expected = { ...atRest };
    for (let i = 0; i < pending; i++) stepBody(expected, east, DT);
    expect(predictor.predicted).toEqual(expected);
  });

  test('inputs sent while dead do not move the prediction', () => {
    const predictor = new Predictor({ dt: DT });
    const dead = { ...atRest, alive: false };
    predictor.reconcile(dead, 0);
    for (let seq = 1; seq <= 4; seq++) predictor.applyLocal(seq, east);
    expect(predictor.predicted).toEqual(dead);
    predictor.reconcile(dead, 2);
    expect(predictor.predicted).toEqual(dead);
    expect(predictor.pendingCount).toBe(2);
  });

  test('inputs sent while dead that the server applies after the respawn are replayed on the new body', () => {
    const predictor = new Predictor({ dt: DT });
    predictor.reconcile({ ...atRest, alive: false }, 0);
    for (let seq = 1; seq <= 4; seq++) predictor.applyLocal(seq, east);
    // The server respawned the player and has applied input 1 so far; inputs 2 to 4 will move it.
    const respawned: AuthoritativeBody = { x: 3000, y: 500, mass: START_MASS, alive: true };
    predictor.reconcile(respawned, 1);
    const expected = { ...respawned };
    for (let i = 0; i < 3; i++) stepBody(expected, east, DT);
    expect(predictor.predicted).toEqual(expected);
  });

  test('inputs sent before the first state are replayed on it', () => {
    const predictor = new Predictor({ dt: DT });
    for (let seq = 1; seq <= 3; seq++) predictor.applyLocal(seq, east);
    expect(predictor.pendingCount).toBe(3);
    predictor.reconcile(atRest, 1);
    const expected = { ...atRest };
    for (let i = 0; i < 2; i++) stepBody(expected, east, DT);
    expect(predictor.predicted).toEqual(expected);
  });

  test('reset() forgets pending inputs and the offset, and the next state snaps', () => {
    const predictor = new Predictor({ dt: DT });
    predictor.reconcile(atRest, 0);
    for (let seq = 1; seq <= 3; seq++) predictor.applyLocal(seq, east);
    predictor.reconcile({ ...atRest, x: atRest.x + 10 }, 0);
    expect(predictor.offset.x).not.toBe(0);
    predictor.reset();
    expect(predictor.pendingCount).toBe(0);
    expect(predictor.offset).toEqual({ x: 0, y: 0 });
    // After a reconnection the server counts inputs from 1 again: ack 0 replays nothing old.
    const fresh = { ...atRest, x: atRest.x + 20 };
    predictor.reconcile(fresh, 0);
    expect(predictor.predicted).toEqual(fresh);
    expect(predictor.offset).toEqual({ x: 0, y: 0 });
  });
});

describe('corrections', () => {
  const start: AuthoritativeBody = { x: 2000, y: 2000, mass: START_MASS, alive: true };
  const rendered = (predictor: Predictor) => ({
    x: predictor.predicted.x + predictor.offset.x,
    y: predictor.predicted.y + predictor.offset.y,
  });

  /** A predictor that has seen `start` and predicted three steps north-east. */
  function predictorAfterThreeInputs(options: { snapDistance?: number } = {}): Predictor {
    const predictor = new Predictor({ dt: DT, ...options });
    predictor.reconcile(start, 0);
    for (let seq = 1; seq <= 3; seq++) predictor.applyLocal(seq, { x: 90, y: -90 });
    return predictor;
  }

  test('a small mismatch becomes a visual offset, and the rendered position does not jump', () => {
    const predictor = predictorAfterThreeInputs();
    const before = rendered(predictor);
    const correction = predictor.reconcile({ ...start, x: start.x + 6, y: start.y - 8 }, 0);
    expect(correction).toBe(10);
    expect(predictor.lastCorrection).toBe(10);
    expect(predictor.offset).toEqual({ x: -6, y: 8 });
    expect(rendered(predictor)).toEqual(before);
  });

  test('a second correction while the first is still fading keeps the rendered position continuous', () => {
    const predictor = predictorAfterThreeInputs();
    predictor.reconcile({ ...start, x: start.x + 6, y: start.y - 8 }, 0);
    predictor.decay(30);
    predictor.applyLocal(4, { x: 0, y: AXIS_MAX });
    const before = rendered(predictor);
    predictor.reconcile({ ...start, x: start.x - 3, y: start.y + 1 }, 1);
    expect(rendered(predictor).x).toBeCloseTo(before.x, 9);
    expect(rendered(predictor).y).toBeCloseTo(before.y, 9);
  });

  test.each([
    [0, 1],
    [25, Math.SQRT1_2],
    [50, 0.5],
    [150, 0.125],
  ])('decay(%i) keeps %f of the offset (half-life 50 ms)', (elapsedMs, keep) => {
    const predictor = predictorAfterThreeInputs();
    predictor.reconcile({ ...start, x: start.x + 30, y: start.y - 40 }, 0);
    predictor.decay(elapsedMs);
    expect(predictor.offset.x).toBeCloseTo(-30 * keep, 9);
    expect(predictor.offset.y).toBeCloseTo(40 * keep, 9);
  });

  test('the offset fades to exactly 0 frame by frame without changing sign', () => {
    const predictor = predictorAfterThreeInputs();
    predictor.reconcile({ ...start, x: start.x + 30, y: start.y - 40 }, 0);
    let previous = Math.hypot(predictor.offset.x, predictor.offset.y);
    for (let frame = 0; frame < 60; frame++) {
      predictor.decay(16);
      expect(predictor.offset.x).toBeLessThanOrEqual(0);
      expect(predictor.offset.y).toBeGreaterThanOrEqual(0);
      const size = Math.hypot(predictor.offset.x, predictor.offset.y);
      expect(size).toBeLessThanOrEqual(previous);
      previous = size;
    }
    expect(predictor.offset).toEqual({ x: 0, y: 0 });
  });

  test.each([
    [100, 120, -100],
    [120, 120, -120],
    [121, 120, 0],
    [600, 120, 0],
    [30, 20, 0],
  ])('a mismatch of %i units with snapDistance %i leaves an offset of %i', (shift, snapDistance, offsetX) => {
    const predictor = new Predictor({ dt: DT, snapDistance });
    predictor.reconcile(start, 0);
    const server = { ...start, x: start.x + shift };
    expect(predictor.reconcile(server, 0)).toBe(shift);
    expect(predictor.predicted).toEqual(server);
    expect(predictor.offset).toEqual({ x: offsetX, y: 0 });
  });

  test.each([
    { name: 'dying', from: true, to: false },
    { name: 'respawning', from: false, to: true },
  ])('$name snaps even a small correction', ({ from, to }) => {
    const predictor = new Predictor({ dt: DT });
    predictor.reconcile({ ...start, alive: from }, 0);
    const server = { ...start, x: start.x + 5, alive: to };
    predictor.reconcile(server, 0);
    expect(predictor.predicted).toEqual(server);
    expect(predictor.offset).toEqual({ x: 0, y: 0 });
  });

  test('the first state snaps', () => {
    const predictor = new Predictor({ dt: DT });
    predictor.reconcile(start, 0);
    expect(predictor.predicted).toEqual(start);
    expect(predictor.offset).toEqual({ x: 0, y: 0 });
  });
});
