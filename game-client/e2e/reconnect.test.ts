import { matchMaker } from '@colyseus/core';
import type { WebSocket } from 'ws';
import { expect, test } from 'vitest';
import { useBrowserFixture } from './fixture.ts';
import { enterGame, openPage, screenshotPath, type OrbHook } from './browser.ts';

type Hooked = { __orb: OrbHook & { roomId: string; sessionId: string; status: string; canReconnect: boolean } };

const fixture = useBrowserFixture();

test('a dropped connection shows a banner, reconnects to the same seat and plays on', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  await enterGame(page, { url: fixture.server.endpoint, name: 'Dropped Dora' });
  const before = await page.evaluate(() => {
    const hook = (window as unknown as Hooked).__orb;
    return { roomId: hook.roomId, sessionId: hook.sessionId, me: hook.me! };
  });

  await page.waitForFunction(() => (window as unknown as Hooked).__orb.canReconnect);
  // Cut the socket from the server side without a close handshake, as a dying network would.
  const room = matchMaker.getLocalRoomById(before.roomId);
  const seat = room.clients.getById(before.sessionId);
  (seat!.ref as unknown as WebSocket).terminate();

  await page.waitForFunction(() => (window as unknown as Hooked).__orb.status === 'reconnecting');
  expect(await page.textContent('#banner')).toContain('reconnecting');
  await page.waitForFunction(() => (window as unknown as Hooked).__orb.status === 'connected');
  expect(await page.isVisible('#banner')).toBe(false);
  const after = await page.evaluate(() => (window as unknown as Hooked).__orb.sessionId);
  expect(after).toBe(before.sessionId);

  // The seat was kept: the same player moves again under the keyboard.
  const start = await page.evaluate(() => (window as unknown as Hooked).__orb.me!);
  await page.keyboard.down('ArrowLeft');
  await page.keyboard.down('w');
  await page.waitForFunction((from) => {
    const me = (window as unknown as Hooked).__orb.me!;
    return me.x < from.x - 40 && me.y < from.y - 40;
  }, start);
  await page.keyboard.up('ArrowLeft');
  await page.keyboard.up('w');
  expect(room.clients.length).toBe(1);
  await page.screenshot({ path: screenshotPath('reconnected') });
  expect(errors).toEqual([]);
  await page.close();
});
