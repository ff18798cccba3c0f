import type { SimPlayer } from '@orb-arena/shared';
import type { Page } from 'playwright-core';
import { expect, test, vi } from 'vitest';
import { cssForHue } from '../src/ui/ColorPicker.ts';
import { isCircleOverBox, type ScreenCircle } from '../src/ui/Minimap.ts';
import { useBrowserFixture, worldWith } from './fixture.ts';
import {
  boxesOf,
  enterGame,
  LAYOUT_SIZES,
  layoutProblems,
  minimapPixels,
  openPage,
  screenshotPath,
  type OrbHook,
} from './browser.ts';

/*
 * What a player reads and sees in the HUD around its own orb: kill lines, its dot on the minimap, and
 * the death panel, which leaves in sight the eater the camera follows.
 */

type Hooked = {
  __orb: OrbHook & { roomId: string; sessionId: string; onScreen: (ScreenCircle & { id: string })[] };
};

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

/** The HUD boxes a dead player may see besides the death panel (the banner only with an announcement). */
const HUD_IDS = ['stats', 'banner', 'killfeed', 'leaderboard', 'minimap', 'mute', 'chat', 'room-share'] as const;

/** The shown HUD boxes of `page` and the death panel's, CSS px. */
async function deathLayout(page: Page) {
  const shown = await page.evaluate(
    (ids) => ids.filter((id) => document.getElementById(id)!.getClientRects().length > 0),
    HUD_IDS,
  );
  expect(shown).toEqual(expect.arrayContaining(['stats', 'killfeed', 'leaderboard', 'minimap', 'mute', 'chat']));
  const boxes = await boxesOf(page, ['death', ...shown]);
  return { panel: boxes[0]!, boxes };
}

/** The eater's orb once the dead player's camera has it at the middle of the screen, CSS px. */
async function eaterInMiddle(page: Page, eaterId: string): Promise<ScreenCircle> {
  const found = await page.waitForFunction((id) => {
    const circle = (window as unknown as Hooked).__orb.onScreen.find((player) => player.id === id);
    const centred = circle && Math.abs(circle.x - innerWidth / 2) < 1 && Math.abs(circle.y - innerHeight / 2) < 1;
    return centred ? circle : null;
  }, eaterId);
  return (await found.jsonValue())!;
}

test.each(LAYOUT_SIZES)(
  '$name: the death panel covers neither the eater the camera follows nor another HUD box',
  async ({ name, viewport, touch }) => {
    const errors: string[] = [];
    const page = await openPage(fixture.browser, errors, { viewport, touch });
    await enterGame(page, { url: fixture.server.endpoint, name: 'Prey Pat' });
    const { roomId, sessionId } = await page.evaluate(() => (window as unknown as Hooked).__orb);
    const hunter = await fixture.server.join({ name: 'Hunter Hal' });
    const world = await worldWith(roomId, hunter.sessionId);
    // A long respawn keeps the panel up while the test measures it (3 s raced a busy machine).
    const respawnSeconds = world.config.respawnSeconds;
    world.config.respawnSeconds = 30;
    try {
      const prey = world.players.get(sessionId) as SimPlayer;
      prey.shielded = false;
      Object.assign(world.players.get(hunter.sessionId)!, { mass: 400, x: prey.x, y: prey.y, shielded: false });
      await page.waitForSelector('#death', { state: 'visible' });
      await page.waitForSelector('#killfeed li');
      const eater = await eaterInMiddle(page, hunter.sessionId);
      const { panel, boxes } = await deathLayout(page);
      await page.screenshot({ path: screenshotPath(`death-panel-${name}`) });
      expect(await page.textContent('#death h2')).toBe('Eaten by Hunter Hal');
      expect(isCircleOverBox(eater, panel), `eater ${JSON.stringify(eater)}, panel ${JSON.stringify(panel)}`).toBe(
        false,
      );
      expect(layoutProblems(boxes, viewport)).toEqual([]);
      // The chat in its other state (a phone starts with it hidden, a desktop with it open).
      const collapsed = await page.$eval('#chat', (chat) => chat.classList.contains('collapsed'));
      await page.click('#chat-toggle');
      await page.waitForFunction(
        (was) => document.getElementById('chat')!.classList.contains('collapsed') !== was,
        collapsed,
      );
      expect(layoutProblems((await deathLayout(page)).boxes, viewport)).toEqual([]);
      await page.screenshot({ path: screenshotPath(`death-panel-${name}-chat-${collapsed ? 'open' : 'hidden'}`) });
    } finally {
      world.config.respawnSeconds = respawnSeconds;
      await page.context().close();
      await fixture.server.leaveAll();
    }
    expect(errors).toEqual([]);
  },
);
