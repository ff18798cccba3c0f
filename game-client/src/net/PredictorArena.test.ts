import { expect, test } from 'vitest';
import { addPlayer, buildKeyInput, createWorld, MODES, stepWorld, TICK_HZ, worldConfigFor } from '@orb-arena/shared';
import { Predictor } from './Predictor.ts';

test("prediction stops at the walls of the room's own arena (a blitz room's 1600 units), as the server does", () => {
  const world = createWorld(9, { ...worldConfigFor(MODES.blitz, { tickHz: TICK_HZ }), orbCount: 0 });
  const own = addPlayer(world, 'own', 'own');
  const predictor = new Predictor({ dt: 1 / TICK_HZ });
  predictor.arenaSize = world.config.arenaSize;
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
