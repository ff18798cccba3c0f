import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_CLIENT_DIR } from '../../game-server/src/app.ts';
import { startTestServer, type TestServer } from '../../game-server/test/harness.ts';
import { launchBrowser, openPage, type OrbHook } from './browser.ts';

type Hooked = { __orb: OrbHook & { screen: string | null; roomId?: string } };

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

test('the URL names the room once joined, and the back button leaves the match for the menu', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  await page.goto(server.endpoint);
  await page.fill('#name', 'Nav Nora');
  await page.click('#play');
  await page.waitForFunction(() => (window as unknown as Hooked).__orb.connected);
  const roomId = await page.evaluate(() => (window as unknown as Hooked).__orb.roomId);
  expect(new URL(page.url()).searchParams.get('room')).toBe(roomId);

  await page.goBack();
  await page.waitForSelector('#menu', { state: 'visible' });
  expect(new URL(page.url()).search).toBe('');
  expect(await page.evaluate(() => (window as unknown as Hooked).__orb)).toEqual({ connected: false, screen: 'menu' });
  expect(await page.isVisible('#hud')).toBe(false);
  expect(errors).toEqual([]);
  await page.close();
});

test('a link to a room that does not exist asks for a name, then says so clearly on the menu', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  await page.goto(`${server.endpoint}/?room=NOSUCH`);
  expect(await page.textContent('#menu-target')).toContain('NOSUCH');
  await page.fill('#name', 'Lost Link');
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#menu-error')?.textContent?.includes('NOSUCH'));
  expect(await page.textContent('#menu-error')).toMatch(/Could not join: no open room with code NOSUCH/);
  expect(errors.filter((line) => !line.includes('Failed to load resource'))).toEqual([]);
  await page.close();
});
