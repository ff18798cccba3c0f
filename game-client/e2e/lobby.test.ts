import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { useBrowserFixture } from './fixture.ts';
import { joinAs } from '../../game-server/test/lobbyHelpers.ts';
import { openPage, screenshotPath, type OrbHook } from './browser.ts';

type Seen = { name: string; x: number; y: number };
type Hooked = {
  __orb: OrbHook & { screen: string | null; roomId?: string; others?: Seen[]; lobby?: { matches: number } | null };
};

const fixture = useBrowserFixture();

/** The number of public matches page C's lobby shows (its live count, not a reload). */
function lobbyCount(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.querySelector<HTMLElement>('#lobby-count')?.dataset.matches));
}

/** Steers `mover` with the pointer towards `target`'s orb until `watcher` has `name` in view. */
async function steerIntoView(pages: { mover: Page; target: Page; watcher: Page }, name: string): Promise<void> {
  const [from, to] = await Promise.all(
    [pages.mover, pages.target].map((page) => page.evaluate(() => (window as unknown as Hooked).__orb.me!)),
  );
  const length = Math.hypot(to!.x - from!.x, to!.y - from!.y) || 1;
  // The own orb sits at the centre of the 1280 × 720 page; the orb heads for the pointer.
  await pages.mover.mouse.move(640 + ((to!.x - from!.x) / length) * 250, 360 + ((to!.y - from!.y) / length) * 250);
  await pages.watcher.waitForFunction(
    (who) => (window as unknown as Hooked).__orb.others?.some((other) => other.name === who),
    name,
    { timeout: 30_000 },
  );
  await pages.mover.mouse.move(640, 360);
}

/**
 * Holds the arrow key that heads `mover` towards `watcher` until `watcher` sees `name` move more than
 * 30 units. Heading towards the watcher keeps the mover inside the watcher's view and away from the
 * arena's walls, wherever the two spawned.
 */
async function seeMove(pages: { mover: Page; watcher: Page }, name: string): Promise<void> {
  const [from, to] = await Promise.all(
    [pages.mover, pages.watcher].map((page) => page.evaluate(() => (window as unknown as Hooked).__orb.me!)),
  );
  const dx = to!.x - from!.x;
  const dy = to!.y - from!.y;
  const key = Math.abs(dx) > Math.abs(dy) ? (dx > 0 ? 'ArrowRight' : 'ArrowLeft') : dy > 0 ? 'ArrowDown' : 'ArrowUp';
  const read = (who: string) => (window as unknown as Hooked).__orb.others?.find((other) => other.name === who);
  const before = await pages.watcher.evaluate(read, name);
  await pages.mover.keyboard.down(key);
  await pages.watcher.waitForFunction(
    ({ who, start }) => {
      const now = (window as unknown as Hooked).__orb.others?.find((other) => other.name === who);
      return now !== undefined && Math.hypot(now.x - start.x, now.y - start.y) > 30;
    },
    { who: name, start: before! },
  );
  await pages.mover.keyboard.up(key);
}

test('A creates a private room, B joins by link and both see each other move; C watches the public count live', async () => {
  const errors: string[] = [];
  const a = await openPage(fixture.browser, errors);
  const b = await openPage(fixture.browser, errors);
  const c = await openPage(fixture.browser, errors);

  // C sits in the lobby from the start.
  await c.goto(`${fixture.server.endpoint}/?lobby`);
  await c.waitForFunction(() => (window as unknown as Hooked).__orb.lobby?.matches === 0);

  // A: menu → lobby → private blitz room with 1-minute rounds.
  await a.goto(fixture.server.endpoint);
  await a.fill('#name', 'Alice');
  await a.click('#open-lobby');
  await a.waitForSelector('#lobby', { state: 'visible' });
  await a.selectOption('#lobby-mode', 'blitz');
  await a.selectOption('#lobby-round', '60');
  await a.click('#lobby-create');
  await a.waitForFunction(() => (window as unknown as Hooked).__orb.connected);
  const code = await a.textContent('#room-code');
  expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
  // The code's panel covers none of the HUD (it sat on the minimap, found by a play-tester).
  const covered = await a.evaluate(() => {
    const share = document.getElementById('room-share')!.getBoundingClientRect();
    return ['stats', 'leaderboard', 'minimap', 'chat', 'mute'].filter((id) => {
      const box = document.getElementById(id)!.getBoundingClientRect();
      return share.left < box.right && box.left < share.right && share.top < box.bottom && box.top < share.bottom;
    });
  });
  expect(covered).toEqual([]);
  expect(new URL(a.url()).searchParams.get('room')).toBe(code);

  // B opens the link A shares, gives a name and lands in the same room.
  await b.goto(`${fixture.server.endpoint}/?room=${code}`);
  expect(await b.textContent('#menu-target')).toContain(code);
  await b.fill('#name', 'Bob');
  await b.click('#play');
  await b.waitForFunction((room) => (window as unknown as Hooked).__orb.roomId === room, code);

  await steerIntoView({ mover: b, target: a, watcher: a }, 'Bob');
  await b.waitForFunction(() => (window as unknown as Hooked).__orb.others?.some((other) => other.name === 'Alice'));
  await seeMove({ mover: b, watcher: a }, 'Bob');
  await seeMove({ mover: a, watcher: b }, 'Alice');
  await a.screenshot({ path: screenshotPath('private-room') });

  // The private room never reached C's list; a public match does, live, and leaves it when it closes.
  expect(await lobbyCount(c)).toBe(0);
  const stranger = await joinAs(fixture.server, { kind: 'quick', mode: 'classic' }, { name: 'Stranger' });
  await c.waitForFunction(() => (window as unknown as Hooked).__orb.lobby?.matches === 1);
  expect(await c.textContent('#lobby-rooms')).toContain('Classic · 1/50 players');
  await c.screenshot({ path: screenshotPath('lobby') });
  await stranger.leave();
  await c.waitForFunction(() => (window as unknown as Hooked).__orb.lobby?.matches === 0);

  // Page D, spectating A's room by `/?spectate=${code}`, belongs to the spectator work (issue 9, second half).
  expect(errors).toEqual([]);
  await Promise.all([a, b, c].map((page) => page.close()));
});
