import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_CLIENT_DIR } from '../../game-server/src/app.ts';
import { startTestServer, type TestServer } from '../../game-server/test/harness.ts';
import { startLagProxy, type LagProxy } from '../../loadtest/src/lagProxy.ts';
import { launchBrowser, openPage, playThrough, screenshotPath, type OrbHook } from './browser.ts';

let server: TestServer;
let proxy: LagProxy;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ clientDir: DEFAULT_CLIENT_DIR });
  proxy = await startLagProxy({ targetPort: server.port, rttMs: 150, jitterMs: 20, seed: 3 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.close();
});

test('a player enters a name, joins, moves with the keyboard and sees itself on the leaderboard', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  await playThrough(page, { url: server.endpoint, name: 'Browser Bob', shot: 'arena' });
  expect(await page.isVisible('#menu')).toBe(false);
  expect(errors).toEqual([]);
  await page.close();
});

test('the same game plays through a 150 ms RTT lag proxy', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  const url = `${server.endpoint}/?server=http://127.0.0.1:${proxy.port}`;
  await playThrough(page, { url, name: 'Laggy Lou', shot: 'arena-lagged' });
  expect(proxy.stats().targetToClient.bytes).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  await page.close();
});

test('a round ends with a results overlay naming the player, then the next round starts', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  await page.goto(`${server.endpoint}/?match=3`);
  await page.fill('#name', 'Round Robin');
  await page.click('#play');
  await page.waitForSelector('#results', { state: 'visible' });
  expect(await page.textContent('#standings')).toContain('Round Robin');
  await page.screenshot({ path: screenshotPath('results') });
  await page.waitForSelector('#results', { state: 'hidden', timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { __orb: OrbHook }).__orb.phase)).toBe('playing');
  expect(errors).toEqual([]);
  await page.close();
});
