import { matchMaker } from '@colyseus/core';
import type { Page } from 'playwright-core';
import { expect, test, vi } from 'vitest';
import { useBrowserFixture } from './fixture.ts';
import {
  boxesOf,
  enterGame,
  LAYOUT_SIZES,
  layoutProblems,
  openPage,
  openSpectator,
  screenshotPath,
  type OrbHook,
} from './browser.ts';

/*
 * How a spectator knows it is one and how it gets out (play-test: a spectate link opened the plain
 * menu, and only Esc twice or the back button left): the menu says Play will watch, and the HUD has a
 * Leave button that leaves as Esc from a free camera does.
 */

type Hooked = { __orb: OrbHook & { screen: string | null; roomId?: string; spectating?: boolean } };

const fixture = useBrowserFixture();

/** The clients (players and spectators) seated in room `roomId` of the fixture's server. */
function clientsIn(roomId: string): number {
  return matchMaker.getLocalRoomById(roomId)?.clients.length ?? 0;
}

/** Where a spectator ends after leaving: the screen, URL, message and HUD, and its room's seats. */
async function endOfWatching(page: Page, roomId: string) {
  await page.waitForSelector('#summary', { state: 'visible' });
  await vi.waitFor(() => expect(clientsIn(roomId), 'the spectator seat is given back').toBe(1));
  const url = new URL(page.url());
  return {
    url: url.pathname + url.search,
    screen: await page.evaluate(() => (window as unknown as Hooked).__orb.screen),
    connected: await page.evaluate(() => (window as unknown as Hooked).__orb.connected),
    heading: await page.textContent('#summary-heading'),
    reason: await page.textContent('#summary-reason'),
    again: await page.textContent('#summary-again'),
    hudShown: await page.isVisible('#hud'),
    seatsLeft: clientsIn(roomId),
  };
}

test('a player has no Leave button; a spectator clicks Leave and ends where Esc from a free camera ends', async () => {
  const errors: string[] = [];
  const player = await openPage(fixture.browser, errors);
  await enterGame(player, { url: fixture.server.endpoint, name: 'Player Pam', until: 'connected' });
  const { roomId } = await player.evaluate(() => (window as unknown as Hooked).__orb);
  expect(await player.isVisible('#leave')).toBe(false);
  const watch = () => openSpectator(fixture.browser, { url: fixture.server.endpoint, roomId: roomId!, errors });

  // Today's way out: from a free camera, one Escape leaves.
  const escaper = await watch();
  expect(clientsIn(roomId!)).toBe(2);
  // The player is shown that someone watches (and no longer once nobody does, below).
  await player.waitForFunction(() => document.querySelector('#watchers')?.textContent === '1 watching');
  expect(await player.isVisible('#watchers-part')).toBe(true);
  await escaper.keyboard.press('Escape');
  const byEscape = await endOfWatching(escaper, roomId!);
  expect(byEscape).toEqual({
    url: '/?results',
    screen: 'results',
    connected: false,
    heading: 'Stopped watching',
    reason: 'You left the match.',
    again: 'Watch again',
    hudShown: false,
    seatsLeft: 1,
  });

  // The button leads to the same place, the same way.
  const clicker = await watch();
  expect(await clicker.isVisible('#leave'), 'a spectator sees the Leave button').toBe(true);
  expect(await clicker.textContent('#leave')).toBe('Leave');
  await clicker.click('#leave');
  expect(await endOfWatching(clicker, roomId!)).toEqual(byEscape);
  expect(await clicker.isVisible('#leave')).toBe(false);
  expect(await player.isVisible('#leave'), 'the player still has none').toBe(false);
  await player.waitForSelector('#watchers-part', { state: 'hidden' });

  // "Watch again" takes the same seat kind in the same room: watching, not playing.
  await clicker.click('#summary-again');
  await clicker.waitForFunction(() => (window as unknown as Hooked).__orb.spectating === true);
  expect(await clicker.evaluate(() => (window as unknown as Hooked).__orb.roomId)).toBe(roomId);
  expect(new URL(clicker.url()).searchParams.get('spectate')).toBe(roomId);
  expect(await clicker.evaluate(() => (window as unknown as Hooked).__orb.me)).toBeUndefined();
  expect(errors).toEqual([]);
  for (const page of [escaper, clicker, player]) await page.context().close();
});

test('on a phone a spectator taps the finger-sized Leave button and leaves the match', async () => {
  const errors: string[] = [];
  const ann = await fixture.server.join({ name: 'Ann Left' });
  const size = LAYOUT_SIZES[1];
  const watcher = await openSpectator(fixture.browser, {
    url: fixture.server.endpoint,
    roomId: ann.roomId,
    errors,
    size,
  });
  expect(await watcher.isVisible('#leave'), 'a spectator sees the Leave button').toBe(true);
  const [button] = await boxesOf(watcher, ['leave']);
  expect(button!.bottom - button!.top, 'height, CSS px').toBeGreaterThanOrEqual(44);
  await watcher.screenshot({ path: screenshotPath('spectate-leave-phone') });
  await watcher.tap('#leave');
  expect(await endOfWatching(watcher, ann.roomId)).toMatchObject({ screen: 'results', reason: 'You left the match.' });
  expect(errors).toEqual([]);
  await watcher.context().close();
  await fixture.server.leaveAll();
});

test.each(LAYOUT_SIZES)(
  "$name: a spectate link's menu says Play will watch, and a link leads to playing instead",
  async ({ name, viewport, touch }) => {
    const errors: string[] = [];
    const context = await fixture.browser.newContext({ viewport, hasTouch: touch, isMobile: touch });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await page.goto(`${fixture.server.endpoint}/?spectate=abc123`);
    await page.waitForSelector('#menu', { state: 'visible' });
    expect(await page.textContent('#play')).toBe('Watch');
    expect(await page.textContent('#menu-target')).toBe('You are watching a match: you will join as a spectator.');
    expect(await page.isVisible('#menu-play-instead')).toBe(true);
    // The panel fits the screen, and what it says and the fields needed to watch show without scrolling.
    expect(layoutProblems(await boxesOf(page, ['menu']), viewport)).toEqual([]);
    const lines = await boxesOf(page, ['menu-target', 'menu-play-instead', 'name', 'play']);
    expect(layoutProblems(lines, viewport)).toEqual([]);
    await page.screenshot({ path: screenshotPath(`spectate-menu-${name}`) });

    await page.click('#menu-play-instead');
    await page.waitForFunction(() => document.getElementById('play')?.textContent === 'Play');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.isVisible('#menu-target')).toBe(false);
    expect(await page.isVisible('#menu-play-instead')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  },
);
