import { VIEW_HALF_HEIGHT, VIEW_HALF_WIDTH, type SimPlayer } from '@orb-arena/shared';
import { expect, test } from 'vitest';
import { useBrowserFixture, worldWith } from './fixture.ts';
import { enterGame, openPage, screenshotPath, type OrbHook } from './browser.ts';

/*
 * The minimap sits on the bottom-left corner of the view. A play-tester lost a player coming in from
 * there under it: it is see-through, and fades while another player is drawn under it.
 */

type Hooked = { __orb: OrbHook & { roomId: string; sessionId: string } };
const VIEWPORT = { width: 1280, height: 720 };

const fixture = useBrowserFixture();

test('the minimap fades while another player is drawn under it, and comes back when it leaves', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  await enterGame(page, { url: fixture.server.endpoint, name: 'Map Reader' });
  const { roomId, sessionId } = await page.evaluate(() => (window as unknown as Hooked).__orb);
  const other = await fixture.server.join({ name: 'Lurker' });
  const world = await worldWith(roomId, other.sessionId);
  // The own orb (no input: it stays put) is drawn at the middle of the page.
  const own = world.players.get(sessionId) as SimPlayer;
  Object.assign(own, { x: 800, y: 450 });
  await page.waitForFunction(() => {
    const me = (window as unknown as Hooked).__orb.me;
    return me?.x === 800 && me.y === 450;
  });
  const map = (await page.locator('#minimap').boundingBox())!;
  const zoom = Math.min(VIEWPORT.width / (2 * VIEW_HALF_WIDTH), VIEWPORT.height / (2 * VIEW_HALF_HEIGHT));
  const under = {
    x: own.x + (map.x + map.width / 2 - VIEWPORT.width / 2) / zoom,
    y: own.y + (map.y + map.height / 2 - VIEWPORT.height / 2) / zoom,
  };
  const lurker = world.players.get(other.sessionId) as SimPlayer;
  // Above the own orb first: its random spawn point can be under the map.
  const clear = { x: own.x, y: own.y - 150 };
  Object.assign(lurker, clear);
  await page.waitForSelector('#minimap:not(.covering)');

  Object.assign(lurker, under);
  await page.waitForSelector('#minimap.covering');
  await page.screenshot({ path: screenshotPath('minimap-covering') });
  Object.assign(lurker, clear);
  await page.waitForSelector('#minimap:not(.covering)');
  expect(errors).toEqual([]);
  await page.close();
});
