import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_CLIENT_DIR } from '../../game-server/src/app.ts';
import { startTestServer, type TestServer } from '../../game-server/test/harness.ts';
import { startLagProxy, type LagProxy } from '../../loadtest/src/lagProxy.ts';
import { launchBrowser, openPage, playThrough } from './browser.ts';

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
