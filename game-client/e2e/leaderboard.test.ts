import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { useBrowserFixture } from './fixture.ts';
import { enterGame, openPage, screenshotPath, type OrbHook } from './browser.ts';

type Hooked = { __orb: OrbHook & { nearestOrb?: { x: number; y: number } | null } };

/** Where the SDK keeps the guest token in the browser (its Auth default). */
const TOKEN_KEY = 'colyseus-auth-token';

const fixture = useBrowserFixture();

/** Holds the arrow keys toward the nearest visible orb until the own score is above zero. */
async function scoreAPoint(page: Page): Promise<void> {
  const held = new Set<string>();
  const hold = async (keys: string[]) => {
    for (const key of [...held]) if (!keys.includes(key)) await page.keyboard.up(key).then(() => held.delete(key));
    for (const key of keys) if (!held.has(key)) await page.keyboard.down(key).then(() => held.add(key));
  };
  try {
    // One steering decision per animation frame batch, until the server counts an orb eaten.
    for (let step = 0; step < 400; step++) {
      const { me, nearestOrb } = await page.evaluate(() => (window as unknown as Hooked).__orb);
      if (me && me.score > 0) return;
      const keys: string[] = [];
      if (me && nearestOrb) {
        if (nearestOrb.x > me.x + 8) keys.push('ArrowRight');
        if (nearestOrb.x < me.x - 8) keys.push('ArrowLeft');
        if (nearestOrb.y > me.y + 8) keys.push('ArrowDown');
        if (nearestOrb.y < me.y - 8) keys.push('ArrowUp');
      }
      await hold(keys);
      await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => resolve(true))));
    }
    throw new Error('the player did not score within 400 steering steps');
  } finally {
    await hold([]);
  }
}

test('a player scores in a short round, finds itself on the daily board, and is still itself after a reload', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  await enterGame(page, { url: `${fixture.server.endpoint}/?match=4`, name: 'Board Betty' });
  await scoreAPoint(page);

  // The round ends; once the score is stored, the results overlay says it was a personal best.
  await page.waitForSelector('#new-best', { state: 'visible', timeout: 20_000 });
  expect(await page.textContent('#new-best')).toMatch(/^New personal best: \d+ \(today, this week, all time\)$/);
  const score = Number(/best: (\d+)/.exec((await page.textContent('#new-best'))!)![1]);
  expect(score).toBeGreaterThan(0);
  expect(await page.textContent('#best-today')).toBe(`best today ${score}`);
  await page.screenshot({ path: screenshotPath('new-personal-best') });
  const token = await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY);
  expect(token).toBeTruthy();

  // The daily board, from the menu's way in: the player's own row is highlighted.
  await page.goto(fixture.server.endpoint);
  await page.click('#open-leaderboards');
  const ownRow = '#lb-rows tr.me';
  await page.waitForSelector(ownRow);
  expect(await page.textContent(ownRow)).toBe(`1Board Betty${score}`);
  expect(await page.textContent('#lb-status')).toMatch(/^Today: 1 player · resets in .* · live$/);
  expect(new URL(page.url()).search).toBe('?leaderboard');
  await page.screenshot({ path: screenshotPath('leaderboard') });

  // Reload: the same guest (same stored token), still highlighted as itself.
  await page.reload();
  await page.waitForSelector(ownRow);
  expect(await page.textContent(ownRow)).toBe(`1Board Betty${score}`);
  expect(await page.evaluate((key) => localStorage.getItem(key), TOKEN_KEY)).toBe(token);

  // Back in a game, the server knows the player too: the HUD shows its best today from the start.
  await page.goto(`${fixture.server.endpoint}/?match=4`);
  await page.click('#play');
  await page.waitForFunction(
    (best) => document.querySelector('#best-today')?.textContent === `best today ${best}`,
    score,
  );
  expect(errors).toEqual([]);
  await page.close();
}, 120_000); // steering is paced by the page's frames, which a loaded machine slows down
