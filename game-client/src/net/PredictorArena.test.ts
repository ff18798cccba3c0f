import { describe, expect, test } from 'vitest';
import {
  addPlayer,
  ARENA_GROW_PER_TICK,
  ARENA_SHRINK_PER_TICK,
  buildKeyInput,
  createWorld,
  MIN_ARENA_SIZE,
  MODES,
  radiusForMass,
  removePlayer,
  stepWorld,
  targetArenaSize,
  TICK_HZ,
  worldConfigFor,
  type MoveInput,
  type World,
} from '@orb-arena/shared';
import { Predictor, type AuthoritativeBody } from './Predictor.ts';

test("prediction stops at the walls of the room's own arena (a blitz room's 1600 units), as the server does", () => {
  const world = createWorld(9, { ...worldConfigFor(MODES.blitz, { tickHz: TICK_HZ }), orbCount: 0 });
  const own = addPlayer(world, 'own', 'own');
  const predictor = new Predictor({ dt: 1 / TICK_HZ });
  predictor.setArena(world.arena.size, world.arena.target);
  predictor.reconcile({ ...own }, 0);
  const east = buildKeyInput({ up: false, down: false, left: false, right: true });
  // Ten seconds east at full speed is far more than the arena is wide.
  for (let seq = 1; seq <= TICK_HZ * 10; seq++) {
    predictor.applyLocal(seq, east);
    stepWorld(world, new Map([['own', [east]]]));
  }
  expect(predictor.predicted.x).toBe(own.x);
  expect(own.x).toBeLessThan(1600);
  predictor.reconcile({ ...own }, TICK_HZ * 10);
  expect(predictor.lastCorrection).toBe(0);
});

describe('prediction while the arena resizes', () => {
  /** Ticks an input takes to reach the server, and a state to come back (100 ms each way at 30 Hz). */
  const DELAY = 3;
  const SOUTH_EAST = buildKeyInput({ up: false, down: true, left: false, right: true });

  const EAST = buildKeyInput({ up: false, down: false, left: false, right: true });

  /** A predicting client: its predictor, its last input's sequence number and every input it sent. */
  interface Client {
    predictor: Predictor;
    seq: number;
    sent: MoveInput[];
  }

  /**
   * Plays `ticks` server ticks with the own player pressing `input` (towards the walls that move) and a
   * client DELAY ticks away each way that predicts every input and reconciles every other tick; inputs
   * still in flight from an earlier call arrive in this one. Returns the corrections after the first
   * round trip, and how many ticks the own disc was on a moving wall (its edge on the wall while the
   * side was changing).
   */
  function playAcrossResize(world: World, client: Client, { ticks, input }: { ticks: number; input: MoveInput }) {
    const own = world.players.get('own')!;
    const sent = client.sent;
    const snapshots: { body: AuthoritativeBody; ack: number; size: number; target: number }[] = [];
    const corrections: number[] = [];
    let onMovingWall = 0;
    let applied = client.seq;
    for (let t = 0; t < ticks; t++) {
      client.predictor.applyLocal(++client.seq, input);
      sent.push(input);
      // The server gets each input DELAY ticks after it was sent and applies one a tick.
      const arrived = sent.length > DELAY ? [sent[sent.length - 1 - DELAY]!] : [];
      const sizeBefore = world.arena.size;
      stepWorld(world, new Map([['own', arrived]]));
      applied += arrived.length;
      const edge = own.x + radiusForMass(own.mass);
      if (world.arena.size !== sizeBefore && Math.abs(edge - world.arena.size) < 1) onMovingWall++;
      snapshots.push({ body: { ...own }, ack: applied, size: world.arena.size, target: world.arena.target });
      // The state of DELAY ticks ago arrives now; the client reconciles every other tick (20-ish Hz).
      const arriving = snapshots[snapshots.length - 1 - DELAY];
      if (arriving && t % 2 === 0) {
        client.predictor.setArena(arriving.size, arriving.target);
        const correction = client.predictor.reconcile(arriving.body, arriving.ack);
        if (t > 4 * DELAY) corrections.push(correction);
      }
    }
    return { corrections, onMovingWall };
  }

  test('replaying server steps across a growth and a shrink, the prediction is exact (zero error)', () => {
    const world = createWorld(21, { ...worldConfigFor(MODES.classic, { tickHz: TICK_HZ }), orbCount: 0 });
    const own = addPlayer(world, 'own', 'own');
    const predictor = new Predictor({ dt: 1 / TICK_HZ });
    predictor.setArena(world.arena.size, world.arena.target);
    predictor.reconcile({ ...own }, 0);
    const client: Client = { predictor, seq: 0, sent: [] };

    // Alone, the own player reaches the east wall of the smallest arena; then 29 players join and the
    // walls move out as fast as a new disc runs east (ARENA_GROW_PER_TICK; it cannot follow them on a
    // diagonal), so it rides the east wall all the way out.
    expect(world.arena).toEqual({ size: MIN_ARENA_SIZE, target: MIN_ARENA_SIZE });
    playAcrossResize(world, client, { ticks: TICK_HZ * 5, input: EAST }); // far more than the arena is wide
    for (let i = 0; i < 29; i++) addPlayer(world, `idle${i}`, 'idle');
    const grown = targetArenaSize(world.config, 30, MIN_ARENA_SIZE);
    const growth = playAcrossResize(world, client, {
      ticks: (grown - MIN_ARENA_SIZE) / ARENA_GROW_PER_TICK + 50,
      input: EAST,
    });
    expect(world.arena.size).toBe(grown);

    for (let i = 0; i < 29; i++) removePlayer(world, `idle${i}`);
    const shrink = playAcrossResize(world, client, { ticks: 400, input: SOUTH_EAST });
    expect(world.arena.size).toBe(grown - 400 * ARENA_SHRINK_PER_TICK);

    // The own disc really rode the moving wall both ways, so the walls' schedule was exercised.
    expect(growth.onMovingWall).toBeGreaterThan(100);
    expect(shrink.onMovingWall).toBeGreaterThan(300);
    expect(growth.corrections.length + shrink.corrections.length).toBeGreaterThan(250);
    expect(Math.max(...growth.corrections, ...shrink.corrections)).toBe(0);
  });
});
