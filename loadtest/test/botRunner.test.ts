import { ARENA_ROOM } from '@orb-arena/shared';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../game-server/test/harness.ts';
import { runBot, type ArenaRoom, type ArenaRoomShape, type BotHandle } from '../src/botRunner.ts';

/*
 * The bot loop in-process against a real server: it plays, and it survives a dropped socket both
 * ways (the SDK's reconnect to the same seat, and a fresh seat when the SDK gives up).
 */

/** Cuts the bot's socket without a close handshake, as a dead network would (client sees 1006). */
function dropSocket(room: ArenaRoom): void {
  (room.connection.transport as unknown as { ws: { terminate(): void } }).ws.terminate();
}

/** Waits (polling the bot's own counters) until `check` passes. */
function waitForStats(check: () => void): Promise<void> {
  return vi.waitFor(check, { timeout: 15_000, interval: 20 });
}

describe('runBot', () => {
  let server: TestServer;
  const bots: BotHandle[] = [];

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.stop()));
    await server?.close();
  });

  /** A bot whose rejoin takes a fresh seat through the same client. */
  async function startBot(name: string): Promise<{ bot: BotHandle; room: ArenaRoom }> {
    const client = await server.client();
    const join = () => client.joinOrCreate<ArenaRoomShape>(ARENA_ROOM, { name });
    const room = await join();
    const bot = runBot(room, { name, seed: bots.length + 1, rejoin: join });
    bots.push(bot);
    return { bot, room };
  }

  test('sends one input per tick through the input channel and moves its player', async () => {
    const { bot } = await startBot('bot-play');
    await waitForStats(() => {
      expect(bot.stats.moved).toBe(true);
      expect(bot.stats.patches).toBeGreaterThan(5);
    });
    expect(bot.stats.inputsSent).toBeGreaterThan(0);
    expect(bot.stats).toMatchObject({ joins: 1, rejoins: 0, errors: [] });
  });

  test('lets the SDK reconnect a dropped socket to the same seat', async () => {
    const { bot, room } = await startBot('bot-reconnect');
    await waitForStats(() => expect(bot.stats.patches).toBeGreaterThan(0));
    const sessionId = room.sessionId;
    room.reconnection.minUptime = 0;
    dropSocket(room);
    await waitForStats(() => expect(bot.stats.reconnects).toBe(1));
    const patchesAfterReconnect = bot.stats.patches;
    await waitForStats(() => expect(bot.stats.patches).toBeGreaterThan(patchesAfterReconnect));
    expect(room.sessionId).toBe(sessionId);
    expect(bot.stats).toMatchObject({ drops: 1, joins: 1, rejoins: 0 });
  });

  test('takes a fresh seat when its seat is lost for good', async () => {
    const { bot, room } = await startBot('bot-rejoin');
    await waitForStats(() => expect(bot.stats.patches).toBeGreaterThan(0));
    // Younger than the SDK's minUptime, so the SDK gives the seat up at once (leave 1006).
    room.reconnection.minUptime = 60_000;
    dropSocket(room);
    await waitForStats(() => expect(bot.stats.joins).toBe(2));
    const patchesAfterRejoin = bot.stats.patches;
    await waitForStats(() => expect(bot.stats.patches).toBeGreaterThan(patchesAfterRejoin));
    expect(bot.stats).toMatchObject({ rejoins: 1, leaveCodes: [1006] });
  });

  test('stop() leaves with consent and does not take a new seat', async () => {
    const { bot, room } = await startBot('bot-stop');
    await waitForStats(() => expect(bot.stats.inputsSent).toBeGreaterThan(0));
    await bot.stop();
    expect(room.connection.isOpen).toBe(false);
    expect(bot.stats).toMatchObject({ joins: 1, rejoins: 0, leaveCodes: [] });
  });
});
