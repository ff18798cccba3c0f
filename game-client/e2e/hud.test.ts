import { matchMaker } from '@colyseus/core';
import type { SimPlayer, World } from '@orb-arena/shared';
import { expect, test, vi } from 'vitest';
import { useBrowserFixture } from './fixture.ts';
import { enterGame, openPage, type OrbHook } from './browser.ts';

/* What a player reads and sees in the HUD around its own orb: kill lines, its dot on the minimap. */

type Hooked = { __orb: OrbHook & { roomId: string; sessionId: string } };

const fixture = useBrowserFixture();

function worldOf(roomId: string): World {
  return (matchMaker.getLocalRoomById(roomId) as unknown as { world: World }).world;
}

test('a kill reads the same in the kill feed and in the chat: "Hunter Hal ate you"', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  await enterGame(page, { url: fixture.server.endpoint, name: 'Prey Pat' });
  const { roomId, sessionId } = await page.evaluate(() => (window as unknown as Hooked).__orb);
  const hunter = await fixture.server.join({ name: 'Hunter Hal' });
  const world = worldOf(roomId);
  await vi.waitFor(() => expect(world.players.has(hunter.sessionId)).toBe(true));
  const prey = world.players.get(sessionId) as SimPlayer;
  prey.shielded = false;
  Object.assign(world.players.get(hunter.sessionId)!, { mass: 400, x: prey.x, y: prey.y, shielded: false });

  await page.waitForSelector('#killfeed li');
  await page.waitForSelector('#chat-log li.feed.ate');
  expect(await page.textContent('#killfeed li')).toBe('Hunter Hal ate you');
  expect(await page.textContent('#chat-log li.feed.ate')).toBe('Hunter Hal ate you');
  expect(errors).toEqual([]);
  await page.close();
  await fixture.server.leaveAll();
});
