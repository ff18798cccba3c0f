import { describe, expect, test } from 'vitest';
import { AXIS_MAX, START_MASS, TICK_HZ, speedForMass } from '@orb-arena/shared';
import { Predictor, type AuthoritativeBody } from './Predictor.ts';

const DT = 1 / TICK_HZ;
const STEP_MS = 1000 / TICK_HZ;
const start: AuthoritativeBody = { x: 2000, y: 2000, mass: START_MASS, alive: true };
const EAST = { x: AXIS_MAX, y: 0 };

function movingPredictor(): Predictor {
  const predictor = new Predictor({ dt: DT });
  predictor.reconcile(start, 0);
  predictor.applyLocal(1, EAST);
  return predictor;
}

describe('drawing the own orb between its last two predicted steps', () => {
  test.each([
    [0, 0],
    [0.25, 0.25],
    [0.5, 0.5],
    [1, 1],
    [1.7, 1],
    [-1, 0],
  ])('alpha %f draws %f of the way through the last step', (alpha, fraction) => {
    const predictor = movingPredictor();
    const step = predictor.predicted.x - start.x;
    expect(step).toBeGreaterThan(0);
    expect(predictor.rendered(alpha)).toEqual({ x: start.x + step * fraction, y: start.y });
  });

  test('a 60 Hz screen over 30 Hz steps moves the orb the same distance every frame', () => {
    const predictor = new Predictor({ dt: DT });
    predictor.reconcile(start, 0);
    // ArenaConnection.update's accumulator: one step per whole STEP_MS, alpha = what is left over.
    let accumulator = 0;
    let seq = 0;
    const frameMs = 1000 / 60;
    let last = predictor.rendered(0).x;
    const moves: number[] = [];
    for (let frame = 0; frame < 60; frame++) {
      accumulator += frameMs;
      while (accumulator >= STEP_MS) {
        accumulator -= STEP_MS;
        predictor.applyLocal(++seq, EAST);
      }
      const x = predictor.rendered(accumulator / STEP_MS).x;
      moves.push(x - last);
      last = x;
    }
    const perFrame = speedForMass(START_MASS) / 60;
    // Every frame after the first step moves one frame's worth (the 1/16-unit grid rounds each step).
    for (const moved of moves.slice(2)) expect(moved).toBeCloseTo(perFrame, 0);
  });

  test('a correction does not move the drawn orb at any point of the step', () => {
    for (const alpha of [0, 0.3, 0.8]) {
      const predictor = movingPredictor();
      predictor.applyLocal(2, EAST);
      const before = predictor.rendered(alpha);
      predictor.reconcile({ ...start, x: start.x + 4, y: start.y - 3 }, 0);
      const after = predictor.rendered(alpha);
      expect(after.x).toBeCloseTo(before.x, 9);
      expect(after.y).toBeCloseTo(before.y, 9);
    }
  });

  test('a respawn snaps: the drawn orb is at the new place whatever the alpha', () => {
    const predictor = movingPredictor();
    predictor.reconcile({ ...start, alive: false }, 1);
    predictor.reconcile({ x: 500, y: 700, mass: START_MASS, alive: true }, 1);
    expect(predictor.rendered(0)).toEqual({ x: 500, y: 700 });
    expect(predictor.rendered(0.6)).toEqual({ x: 500, y: 700 });
  });
});
