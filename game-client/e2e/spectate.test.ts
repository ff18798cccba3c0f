import { VIEW_HALF_HEIGHT, VIEW_HALF_WIDTH, type SimPlayer, type World } from '@orb-arena/shared';
import type { Page } from 'playwright-core';
import { expect, test, vi } from 'vitest';
import { useBrowserFixture, worldWith } from './fixture.ts';
import {
  boxesOf,
  enterGame,
  LAYOUT_SIZES,
  layoutProblems,
  minimapPixels,
  openPage,
  openSpectator,
  screenshotPath,
  type Box,
  type OrbHook,
  type PageSize,
} from './browser.ts';

type Hooked = {
  __orb: OrbHook & {
    screen: string | null;
    roomId?: string;
    sessionId?: string;
    spectating?: boolean;
    following?: string | null;
    camera?: { x: number; y: number } | null;
    arenaSize?: number;
    seen?: string[];
  };
};

const fixture = useBrowserFixture();

test('page D spectates the room where A plays: follows A from the leaderboard and reads A in the chat', async () => {
  const errors: string[] = [];
  const player = await openPage(fixture.browser, errors);
  await enterGame(player, { url: fixture.server.endpoint, name: 'Player Ann', until: 'connected' });
  const { roomId, sessionId } = await player.evaluate(() => (window as unknown as Hooked).__orb);

  const watcher = await openPage(fixture.browser, errors);
  await watcher.goto(`${fixture.server.endpoint}/?spectate=${roomId}`);
  await watcher.fill('#name', 'Watcher Dee');
  await watcher.click('#play');
  await watcher.waitForFunction(() => (window as unknown as Hooked).__orb.spectating === true);
  expect(new URL(watcher.url()).searchParams.get('spectate')).toBe(roomId);
  expect(await watcher.evaluate(() => (window as unknown as Hooked).__orb.me)).toBeUndefined();

  // Click A's name on the leaderboard: the camera follows A, so A is in the spectator's view.
  await watcher.click(`#leaderboard li[data-id="${sessionId}"]`);
  await watcher.waitForFunction((id) => (window as unknown as Hooked).__orb.seen?.includes(id), sessionId!);

  // A types in the chat (Enter opens it); the line reaches the spectator as text.
  await player.keyboard.press('Enter');
  await player.keyboard.type('<b>hello</b> watcher');
  await player.keyboard.press('Enter');
  await watcher.waitForFunction(() =>
    document.querySelector('#chat-log')?.textContent?.includes('<b>hello</b> watcher'),
  );
  expect(await watcher.$$eval('#chat-log b', (bold) => bold.length)).toBe(0);
  expect(await watcher.textContent('#chat-log')).toContain('Player Ann: <b>hello</b> watcher');
  expect(await watcher.isVisible('#chat-log')).toBe(true);
  await watcher.screenshot({ path: screenshotPath('spectate') });

  // The spectator took no player seat and the player played on.
  expect(await player.evaluate(() => (window as unknown as Hooked).__orb.leaderboard.length)).toBe(1);
  expect(errors).toEqual([]);
  await watcher.close();
  await player.close();
});

/** Opens a spectator seat in `roomId` on a new page of `size` (desktop by default). */
function spectateOn(roomId: string, errors: string[], size?: PageSize): Promise<Page> {
  return openSpectator(fixture.browser, { url: fixture.server.endpoint, roomId, errors, size });
}

/** Ends a test's spectating: the page logged no error, its browser context closes, every SDK player leaves. */
async function endWatching(watcher: Page, errors: string[]): Promise<void> {
  expect(errors).toEqual([]);
  await watcher.context().close();
  await fixture.server.leaveAll();
}

/** Waits until the live leaderboard shows `text` (a row's name). */
async function waitForBoard(page: Page, text: string): Promise<void> {
  await page.waitForFunction((row) => document.querySelector('#leaderboard')?.textContent?.includes(row), text);
}

/**
 * Waits until `page`'s leaderboard row of `sessionId` shows that player's score in `world` as it is
 * now. A staged score is not frozen: the player eats any orb placed under it or that a shrinking wall
 * pushes it onto (the room may still be shrinking from the test before).
 */
async function waitForLiveScore(page: Page, world: World, sessionId: string): Promise<void> {
  const row = page.locator(`#leaderboard li[data-id="${sessionId}"]`);
  await vi.waitFor(
    async () => expect(await row.textContent()).toMatch(new RegExp(` — ${world.players.get(sessionId)!.score}$`)),
    { timeout: 30_000, interval: 100 },
  );
}

test('a name held down while another row changes keeps its row, and the spectator follows that player', async () => {
  const errors: string[] = [];
  const ann = await fixture.server.join({ name: 'Ann Anchor' });
  const ben = await fixture.server.join({ name: 'Ben Busy' });
  const world = await worldWith(ann.roomId, ben.sessionId);
  world.players.get(ann.sessionId)!.score = 50; // Ann stays first while Ben scores below her
  const watcher = await spectateOn(ann.roomId, errors);
  await waitForLiveScore(watcher, world, ann.sessionId);

  // Press on Ann's name and hold it while the board updates with a new score for Ben only.
  const annRow = `#leaderboard li[data-id="${ann.sessionId}"]`;
  await watcher.$eval(annRow, (row) => ((row as HTMLElement).dataset.marked = 'pressed'));
  const box = (await watcher.locator(annRow).boundingBox())!;
  await watcher.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await watcher.mouse.down();
  world.players.get(ben.sessionId)!.score = 7;
  await waitForLiveScore(watcher, world, ben.sessionId);
  // Ann's row is the element that was pressed, still in the page (a rebuilt list replaced it).
  expect(await watcher.$eval(annRow, (row) => (row as HTMLElement).dataset.marked)).toBe('pressed');
  await watcher.mouse.up();
  await watcher.waitForFunction((id) => (window as unknown as Hooked).__orb.following === id, ann.sessionId);
  await endWatching(watcher, errors);
});

test('on a phone a spectator taps a name to follow it (its row is marked) and drags the field like a map', async () => {
  const errors: string[] = [];
  const ann = await fixture.server.join({ name: 'Ann Tapped' });
  const world = await worldWith(ann.roomId, ann.sessionId);
  // Wider than the phone's view (it shrinks back slowly), Ann in its middle: the drag meets no wall.
  world.arena.size = 4000;
  Object.assign(world.players.get(ann.sessionId)!, { x: 2000, y: 2000 });
  const phone = { width: 844, height: 390 };
  const watcher = await spectateOn(ann.roomId, errors, { viewport: phone, touch: true });
  expect(await watcher.textContent('#banner')).toContain('drag to move the camera, tap a name');
  await waitForBoard(watcher, 'Ann Tapped');
  const cdp = await watcher.context().newCDPSession(watcher);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1 }] });
  const hook = () => watcher.evaluate(() => (window as unknown as Hooked).__orb);

  // A tap on Ann's name follows her, and the board marks whom the camera follows.
  const annRow = `#leaderboard li[data-id="${ann.sessionId}"]`;
  const row = (await watcher.locator(annRow).boundingBox())!;
  await touch('touchStart', row.x + row.width / 2, row.y + row.height / 2);
  await touch('touchEnd', row.x + row.width / 2, row.y + row.height / 2);
  await watcher.waitForFunction((id) => (window as unknown as Hooked).__orb.following === id, ann.sessionId);
  await watcher.waitForSelector(`${annRow}.followed`);
  await watcher.waitForFunction(() => (window as unknown as Hooked).__orb.camera!.x === 2000);

  // A finger dragged 100 px right lets go of Ann and drags the world with it: the camera goes
  // 100 px' worth of world west, so the point under the finger stays under it.
  const before = (await hook()).camera!;
  await touch('touchStart', 422, 200);
  for (let step = 1; step <= 5; step++) await touch('touchMove', 422 + step * 20, 200);
  const expected = { x: before.x - 100 / zoomOf(phone), y: before.y };
  await vi.waitFor(
    async () => {
      const camera = (await hook()).camera!;
      expect(camera.x).toBeCloseTo(expected.x, 0);
      expect(camera.y).toBeCloseTo(expected.y, 0);
    },
    { timeout: 5000 },
  );
  await touch('touchEnd', 522, 200);
  expect((await hook()).following).toBeNull();
  expect(await watcher.locator(`${annRow}.followed`).count()).toBe(0);
  await watcher.screenshot({ path: screenshotPath('spectate-phone-drag') });
  await endWatching(watcher, errors);
});

/** The camera's zoom on a page of `viewport` (ArenaScene.fitCamera: the view rectangle fits, turned on a portrait screen). */
function zoomOf(viewport: { width: number; height: number }): number {
  const [long, short] =
    viewport.height > viewport.width ? [viewport.height, viewport.width] : [viewport.width, viewport.height];
  return Math.min(long / (2 * VIEW_HALF_WIDTH), short / (2 * VIEW_HALF_HEIGHT));
}

/** Waits until `page` has drawn `count` more frames. */
function framesDrawn(page: Page, count: number): Promise<void> {
  return page.evaluate(
    (left) =>
      new Promise<void>((done) => {
        const tick = () => (--left > 0 ? requestAnimationFrame(tick) : done());
        requestAnimationFrame(tick);
      }),
    count,
  );
}

/**
 * How far a spectator's view on a page of `viewport` reaches past the east and south walls, units,
 * read just after a frame was drawn (the game's own frame callback runs first, and no patch comes
 * between) against the walls as the page knows them. With `withinFrames` over 1, read after each of up
 * to that many frames, until the view reaches both walls (past them by more than -1).
 */
function pastEastAndSouth(
  page: Page,
  viewport: { width: number; height: number },
  withinFrames = 1,
): Promise<{ x: number; y: number }> {
  const half = { x: viewport.width / zoomOf(viewport) / 2, y: viewport.height / zoomOf(viewport) / 2 };
  return page.evaluate(
    ({ halfView, frames }) =>
      new Promise((done) => {
        let left = frames;
        const read = () => {
          const { camera, arenaSize } = (window as unknown as Hooked).__orb;
          const past = { x: camera!.x + halfView.x - arenaSize!, y: camera!.y + halfView.y - arenaSize! };
          if (--left <= 0 || (past.x > -1 && past.y > -1)) done(past);
          else requestAnimationFrame(read);
        };
        requestAnimationFrame(read);
      }),
    { halfView: half, frames: withinFrames },
  );
}

test("a spectator's free camera stops half a view inside the walls, also while the arena shrinks", async () => {
  const errors: string[] = [];
  const ann = await fixture.server.join({ name: 'Ann Walled' });
  const world = await worldWith(ann.roomId, ann.sessionId);
  // Wider than the desktop view; with one player it shrinks back towards its smallest side, a unit a tick.
  world.arena.size = 2400;
  const desktop = { width: 1280, height: 720 };
  const watcher = await spectateOn(ann.roomId, errors, { viewport: desktop, touch: false });
  const arenaSize = async () => (await watcher.evaluate(() => (window as unknown as Hooked).__orb.arenaSize))!;

  // Arrow keys held towards the south-east corner: the view reaches both walls and goes no further.
  await watcher.keyboard.down('ArrowRight');
  await watcher.keyboard.down('ArrowDown');
  // Counted in frames, not seconds: Phaser caps a frame's delta at 1/60 s for 120 frames after the game
  // starts (and while the page is out of focus), so the camera pans 15 units a frame however slow the
  // frames are. It took about 70 frames, 2.8 s at 24 fps; a 5 s wait failed on a busier machine.
  const reached = await pastEastAndSouth(watcher, desktop, 300);
  expect(reached.x, 'view short of the east wall after 300 frames').toBeGreaterThan(-1);
  expect(reached.y, 'view short of the south wall after 300 frames').toBeGreaterThan(-1);
  await framesDrawn(watcher, 20);
  const past = await pastEastAndSouth(watcher, desktop);
  expect(past.x, 'view past the east wall').toBeLessThan(0.01);
  expect(past.y, 'view past the south wall').toBeLessThan(0.01);
  await watcher.screenshot({ path: screenshotPath('spectate-free-camera-corner') });

  // Keys released, the arena shrinks under the camera: the walls push it along.
  await watcher.keyboard.up('ArrowRight');
  await watcher.keyboard.up('ArrowDown');
  const atWall = await arenaSize();
  await vi.waitFor(async () => expect(await arenaSize()).toBeLessThan(atWall - 30), { timeout: 10_000 });
  const pushed = await pastEastAndSouth(watcher, desktop);
  expect(pushed.x, 'view past the shrunk east wall').toBeCloseTo(0, 1);
  expect(pushed.y, 'view past the shrunk south wall').toBeCloseTo(0, 1);
  await endWatching(watcher, errors);
});

test('Escape held to close the chat does not leave; then it lets go of the followed player; then it leaves', async () => {
  const errors: string[] = [];
  const ann = await fixture.server.join({ name: 'Ann Escaped' });
  const watcher = await spectateOn(ann.roomId, errors);
  await waitForBoard(watcher, 'Ann Escaped');
  const hook = () => watcher.evaluate(() => (window as unknown as Hooked).__orb);
  await watcher.click(`#leaderboard li[data-id="${ann.sessionId}"]`);
  await watcher.waitForFunction((id) => (window as unknown as Hooked).__orb.following === id, ann.sessionId);

  // Enter opens the chat; an Escape held a little (the key repeats) closes it and does nothing more.
  await watcher.keyboard.press('Enter');
  expect(await watcher.evaluate(() => document.activeElement?.id)).toBe('chat-input');
  await watcher.keyboard.down('Escape');
  await watcher.keyboard.down('Escape'); // the key's auto-repeat, now on the page
  await watcher.keyboard.up('Escape');
  expect(await watcher.evaluate(() => document.activeElement?.id)).not.toBe('chat-input');
  expect(await hook()).toMatchObject({ screen: 'spectate', spectating: true, following: ann.sessionId });

  // A new Escape lets go of Ann: a free camera, still watching.
  await watcher.keyboard.press('Escape');
  expect(await hook()).toMatchObject({ screen: 'spectate', spectating: true, following: null });

  // From a free camera, Escape leaves as a player's does.
  await watcher.keyboard.press('Escape');
  await watcher.waitForSelector('#summary', { state: 'visible' });
  expect(await watcher.textContent('#summary-reason')).toBe('You left the match.');
  await endWatching(watcher, errors);
});

test('from the keyboard a spectator tabs to a name on the leaderboard and Space follows that player', async () => {
  const errors: string[] = [];
  const ann = await fixture.server.join({ name: 'Ann Keys' });
  const watcher = await spectateOn(ann.roomId, errors);
  await waitForBoard(watcher, 'Ann Keys');
  const focusedRow = () => watcher.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.id);
  for (let presses = 0; presses < 20 && (await focusedRow()) !== ann.sessionId; presses++)
    await watcher.keyboard.press('Tab');
  expect(await focusedRow()).toBe(ann.sessionId);
  await watcher.keyboard.press('Space');
  await watcher.waitForFunction((id) => (window as unknown as Hooked).__orb.following === id, ann.sessionId);
  await endWatching(watcher, errors);
});

test("a spectator's minimap frames what its camera shows, and the frame follows the camera", async () => {
  const errors: string[] = [];
  const ann = await fixture.server.join({ name: 'Ann Northwest' });
  const ben = await fixture.server.join({ name: 'Ben Southeast' });
  const world = await worldWith(ann.roomId, ben.sessionId);
  // A wide arena (it shrinks back at 30 units/s, slowly enough), Ann near one corner, Ben near the other.
  world.arena.size = 4000;
  Object.assign(world.players.get(ann.sessionId)!, { x: 500, y: 500 });
  Object.assign(world.players.get(ben.sessionId)!, { x: 3400, y: 3400 });
  const watcher = await spectateOn(ann.roomId, errors);
  const frameAt = async () => (await minimapPixels(watcher, ['#7fd4ff']))[0]!;
  for (const [who, corner] of [
    [ann, 'northwest'],
    [ben, 'southeast'],
  ] as const) {
    await waitForBoard(watcher, who === ann ? 'Ann Northwest' : 'Ben Southeast');
    await watcher.click(`#leaderboard li[data-id="${who.sessionId}"]`);
    await vi.waitFor(
      async () => {
        const frame = await frameAt();
        expect(frame.count).toBeGreaterThan(40);
        const inCorner =
          corner === 'northwest' ? frame.meanX < 0.35 && frame.meanY < 0.35 : frame.meanX > 0.65 && frame.meanY > 0.65;
        expect(inCorner, `${corner}: ${JSON.stringify(frame)}`).toBe(true);
      },
      { timeout: 5000 },
    );
  }
  await watcher.screenshot({ path: screenshotPath('spectate-minimap-frame') });
  await endWatching(watcher, errors);
});

test("a spectator's stats bar shows the followed player's name, mass and points, not zeros", async () => {
  const errors: string[] = [];
  const ann = await fixture.server.join({ name: 'Ann Stats' });
  const world = await worldWith(ann.roomId, ann.sessionId);
  // 25 is under the decay floor (DECAY_FLOOR_MASS), so it only grows, by the orbs Ann may eat meanwhile.
  const annInWorld = () => world.players.get(ann.sessionId)!;
  Object.assign(annInWorld(), { score: 42, mass: 25 });
  const watcher = await spectateOn(ann.roomId, errors);
  await waitForLiveScore(watcher, world, ann.sessionId);
  // A free camera watches nobody: no figures to show.
  expect(await watcher.textContent('#watched')).toBe('free camera');
  expect(await watcher.textContent('#mass')).toBe('-');
  expect(await watcher.textContent('#score')).toBe('-');

  await watcher.click(`#leaderboard li[data-id="${ann.sessionId}"]`);
  // Points come with the leaderboard, mass once the followed player is in the spectator's view.
  await vi.waitFor(
    async () => {
      expect(await watcher.textContent('#score')).toBe(String(annInWorld().score));
      expect(await watcher.textContent('#mass')).toBe(String(annInWorld().mass));
    },
    { timeout: 30_000, interval: 100 },
  );
  expect(annInWorld().score).toBeGreaterThanOrEqual(42);
  expect(await watcher.textContent('#watched')).toBe('Ann Stats');
  expect(await watcher.textContent('#rank')).toBe('#1 of 1');
  // Another player's best today is not sent to a spectator: the bar leaves it out instead of a "-".
  expect(await watcher.isVisible('#best-today')).toBe(false);
  await watcher.screenshot({ path: screenshotPath('spectate-stats') });
  await endWatching(watcher, errors);
});

/** The HUD boxes a spectator sees, CSS px. */
function hudBoxes(page: Page): Promise<Box[]> {
  return boxesOf(page, ['stats', 'banner', 'killfeed', 'leaderboard', 'minimap', 'mute', 'leave', 'chat']);
}

test.each(LAYOUT_SIZES)(
  '$name: no box of a spectator\'s HUD covers another (the "Watching" banner, the Leave button; chat open and hidden)',
  async ({ name, viewport, touch }) => {
    const errors: string[] = [];
    const ann = await fixture.server.join({ name: 'Ann Watched' });
    const hunter = await fixture.server.join({ name: 'Sixteen chars ok' });
    const victim = await fixture.server.join({ name: 'Victim Vic' });
    const world = await worldWith(ann.roomId, victim.sessionId);
    const watcher = await spectateOn(ann.roomId, errors, { viewport, touch });
    await watcher.waitForFunction(() => document.querySelectorAll('#leaderboard li').length >= 3);
    await watcher.click(`#leaderboard li[data-id="${ann.sessionId}"]`);
    // A kill next to Ann, on the spectator's screen, so the kill feed has a line.
    const followed = world.players.get(ann.sessionId) as SimPlayer;
    const prey = world.players.get(victim.sessionId) as SimPlayer;
    Object.assign(prey, { x: followed.x + (followed.x < world.arena.size / 2 ? 300 : -300), y: followed.y });
    await watcher.waitForFunction((id) => (window as unknown as Hooked).__orb.seen?.includes(id), victim.sessionId);
    prey.shielded = false;
    Object.assign(world.players.get(hunter.sessionId)!, { mass: 400, x: prey.x, y: prey.y, shielded: false });
    await watcher.waitForSelector('#killfeed li');
    expect(await watcher.isVisible('#banner')).toBe(true);

    expect(await watcher.isVisible('#leave'), 'a spectator sees the Leave button').toBe(true);
    expect(layoutProblems(await hudBoxes(watcher), viewport)).toEqual([]);
    await watcher.screenshot({ path: screenshotPath(`spectate-layout-${name}`) });
    // The chat in its other state (a phone starts with it hidden, a desktop with it open).
    const collapsed = await watcher.$eval('#chat', (chat) => chat.classList.contains('collapsed'));
    await watcher.click('#chat-toggle');
    await watcher.waitForFunction(
      (was) => document.getElementById('chat')!.classList.contains('collapsed') !== was,
      collapsed,
    );
    expect(layoutProblems(await hudBoxes(watcher), viewport)).toEqual([]);
    await watcher.screenshot({ path: screenshotPath(`spectate-layout-${name}-chat-${collapsed ? 'open' : 'hidden'}`) });
    await endWatching(watcher, errors);
  },
);
