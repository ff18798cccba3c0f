import type { SimPlayer } from '@orb-arena/shared';
import { expect, test, vi } from 'vitest';
import { cssForHue } from '../src/ui/ColorPicker.ts';
import { useBrowserFixture, worldWith } from './fixture.ts';
import { enterGame, minimapPixels, openPage, screenshotPath, type OrbHook } from './browser.ts';

/* What a player reads and sees in the HUD around its own orb: kill lines, its dot on the minimap. */

type Hooked = { __orb: OrbHook & { roomId: string; sessionId: string } };

const fixture = useBrowserFixture();

test('a kill reads the same in the kill feed and in the chat: "Hunter Hal ate you"', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  await enterGame(page, { url: fixture.server.endpoint, name: 'Prey Pat' });
  const { roomId, sessionId } = await page.evaluate(() => (window as unknown as Hooked).__orb);
  const hunter = await fixture.server.join({ name: 'Hunter Hal' });
  const world = await worldWith(roomId, hunter.sessionId);
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

/** The own dot's colour before it followed the player's pick. */
const OLD_OWN_GREEN = '#3fff8c';

test('the own dot on the minimap has the colour the player picked, ringed in white, not green', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  const hue = 260; // a violet, far from the old green, the grey dots and the leader's gold
  await page.goto(fixture.server.endpoint);
  await page.click(`#colors .swatch[data-hue="${hue}"]`);
  await enterGame(page, { url: fixture.server.endpoint, name: 'Violet Vi' });
  await vi.waitFor(
    async () => {
      const [picked, ring, green] = (await minimapPixels(page, [cssForHue(hue), '#ffffff', OLD_OWN_GREEN])).map(
        (found) => found.count,
      );
      expect(picked).toBeGreaterThan(10);
      expect(ring).toBeGreaterThan(0);
      expect(green).toBe(0);
    },
    { timeout: 5000 },
  );
  await page.screenshot({ path: screenshotPath('minimap-own-colour') });
  expect(errors).toEqual([]);
  await page.close();
});
