import { matchMaker } from '@colyseus/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../../game-server/test/harness.ts';
import { parsePrometheus, sumOf } from '../src/promText.ts';
import { BENCH_INPUT_FORMAT, RawBot } from '../src/rawBot.ts';

/*
 * The raw light bot against a real listening server: it must take a real seat (the server's own player
 * count and room state hold it), pass the wire guard with every frame it sends, and move.
 */

const BOTS = 3;

interface ServerPlayer {
  x: number;
  y: number;
}
interface ServerRoomView {
  state: { players: Map<string, ServerPlayer> };
}

describe('raw light bot', () => {
  let server: TestServer;
  const bots: RawBot[] = [];
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.leave()));
    await server.close();
  });

  test('is seated as a player by the server and moves', async () => {
    // Each bot resolves `moved` once the server's own state shows its player away from where it began.
    const moved: Promise<void>[] = [];
    for (let index = 0; index < BOTS; index++) {
      let start: ServerPlayer | undefined;
      let done: () => void = () => undefined;
      moved.push(new Promise<void>((resolve) => (done = resolve)));
      const bot: RawBot = await RawBot.join(server.endpoint, {
        name: `raw-${index}`,
        seed: index + 1,
        format: BENCH_INPUT_FORMAT,
        onPatch: () => {
          const player = serverPlayer(bot);
          if (!player) return;
          start ??= { x: player.x, y: player.y };
          if (player.x !== start.x || player.y !== start.y) done();
        },
      });
      bots.push(bot);
    }
    const sender = setInterval(() => {
      for (const bot of bots) bot.sendFrame();
    }, 1000 / BENCH_INPUT_FORMAT.sendHz);
    try {
      await Promise.all(moved);
    } finally {
      clearInterval(sender);
    }

    const metrics = parsePrometheus(await (await fetch(`${server.endpoint}/metrics`)).text());
    expect(sumOf(metrics, 'orb_players')).toBe(BOTS);
    expect(sumOf(metrics, 'orb_inputs_applied_total')).toBeGreaterThan(0);
    expect(sumOf(metrics, 'orb_kicks_total')).toBe(0);
    for (const bot of bots) {
      expect(bot.isOpen).toBe(true);
      expect(bot.errors).toEqual([]);
      expect(bot.patches).toBeGreaterThan(1);
      expect(bot.bytesReceived).toBeGreaterThan(0);
    }
  });
});

/** The bot's player as the server's room holds it. */
function serverPlayer(bot: RawBot): ServerPlayer | undefined {
  const room = matchMaker.getLocalRoomById(bot.seat.roomId) as unknown as ServerRoomView | undefined;
  return room?.state.players.get(bot.sessionId);
}
