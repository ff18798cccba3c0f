import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_CLIENT_DIR } from '../../game-server/src/app.ts';
import { startTestServer, type TestServer } from '../../game-server/test/harness.ts';
import { launchBrowser, openPage, screenshotPath, type OrbHook } from './browser.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ clientDir: DEFAULT_CLIENT_DIR });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('a player enters a name, joins, moves with the keyboard and sees itself on the leaderboard', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  await page.goto(server.endpoint);
  await page.fill('#name', 'Browser Bob');
  await page.click('#play');

  await page.waitForFunction(() => (window as unknown as { __orb: OrbHook }).__orb.me?.name === 'Browser Bob');
  const start = await page.evaluate(() => (window as unknown as { __orb: OrbHook }).__orb.me!);

  await page.keyboard.down('ArrowRight');
  await page.keyboard.down('s');
  await page.waitForFunction(
    (from) => {
      const me = (window as unknown as { __orb: OrbHook }).__orb.me!;
      return me.x > from.x + 60 && me.y > from.y + 60;
    },
    start,
  );
  await page.keyboard.up('ArrowRight');
  await page.keyboard.up('s');

  await page.waitForFunction(() => document.querySelector('#leaderboard')?.textContent?.includes('Browser Bob'));
  await expect.poll(() => page.isVisible('#menu')).toBe(false);
  await page.screenshot({ path: screenshotPath('arena') });
  expect(errors).toEqual([]);
});
