import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildMoveInput } from '@orb-arena/shared';
import { ArenaConnection } from '../../game-client/src/net/ArenaConnection.ts';
import { startTestServer, type TestServer } from '../../game-server/test/harness.ts';
import { startLagProxy, type LagProxy } from '../src/lagProxy.ts';

let server: TestServer;
let proxy: LagProxy;

beforeAll(async () => {
  server = await startTestServer();
  proxy = await startLagProxy({ targetPort: server.port, rttMs: 150, jitterMs: 20, seed: 7 });
});

afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

/** Resolves when `done()` holds after a state patch. */
function untilPatch(connection: ArenaConnection, done: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    let finished = false;
    const onChange = () => {
      if (finished || !done()) return;
      finished = true;
      // Removing a handler inside the signal's own dispatch would skip a sibling handler: defer it.
      queueMicrotask(() => connection.room.onStateChange.remove(onChange));
      resolve();
    };
    connection.room.onStateChange(onChange);
  });
}

test('through a 150 ms lag proxy the predicted position converges to the server position once inputs stop', async () => {
  const connection = await ArenaConnection.join({
    endpoint: `http://127.0.0.1:${proxy.port}`,
    options: { name: 'lagged' },
    identity: 'fresh',
  });
  await untilPatch(connection, () => connection.predictor.predicted.mass > 0);
  const start = { ...connection.predictor.predicted };

  const steer = buildMoveInput(1, 0.5);
  const frames = setInterval(() => connection.update(1000 / 60, steer), 1000 / 60);
  // Move until the prediction has run well ahead of anything the server has confirmed.
  await untilPatch(
    connection,
    () => connection.predictor.predicted.x > start.x + 40 && connection.predictor.pendingCount > 3,
  );
  const aheadOfServer = connection.predictor.pendingCount;
  clearInterval(frames);
  // The player lets go: a frame with no steering, so the drawing (one step behind the prediction,
  // smoothed between ticks) catches up with where the orb stopped.
  connection.update(1000, { x: 0, y: 0 });
  connection.flushInputs();
  await untilPatch(connection, () => connection.ackedInputSeq === connection.lastInputSeq);

  const own = connection.state.players.get(connection.sessionId)!;
  expect(aheadOfServer).toBeGreaterThan(3);
  expect(connection.predictor.pendingCount).toBe(0);
  expect(connection.predictor.predicted.x).toBe(own.x);
  expect(connection.predictor.predicted.y).toBe(own.y);
  expect(own.x).toBeGreaterThan(start.x + 40);
  connection.predictor.decay(1000);
  const rendered = connection.ownPosition();
  expect(rendered.x).toBeCloseTo(own.x, 2);
  expect(rendered.y).toBeCloseTo(own.y, 2);
  await connection.leave();
});
