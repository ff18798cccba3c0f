import { expect, test } from 'vitest';
import { useBrowserFixture } from './fixture.ts';
import { enterGame, openPage, type OrbHook } from './browser.ts';

type Hooked = { __orb: OrbHook & { screen: string | null; roomId?: string } };

const fixture = useBrowserFixture();

test('the URL names the room once joined, and the back button leaves the match for the menu', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  await enterGame(page, { url: fixture.server.endpoint, name: 'Nav Nora', until: 'connected' });
  const roomId = await page.evaluate(() => (window as unknown as Hooked).__orb.roomId);
  expect(new URL(page.url()).searchParams.get('room')).toBe(roomId);

  await page.goBack();
  await page.waitForSelector('#menu', { state: 'visible' });
  expect(new URL(page.url()).search).toBe('');
  expect(await page.evaluate(() => (window as unknown as Hooked).__orb)).toEqual({
    connected: false,
    screen: 'menu',
    lobby: null,
  });
  expect(await page.isVisible('#hud')).toBe(false);
  expect(errors).toEqual([]);
  await page.close();
});

test('a link to a room that does not exist asks for a name, then says so clearly on the menu', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  await page.goto(`${fixture.server.endpoint}/?room=NOSUCH`);
  expect(await page.textContent('#menu-target')).toContain('NOSUCH');
  await page.fill('#name', 'Lost Link');
  await page.click('#play');
  await page.waitForFunction(() => document.querySelector('#menu-error')?.textContent?.includes('NOSUCH'));
  expect(await page.textContent('#menu-error')).toMatch(/Could not join: no open room with code NOSUCH/);
  expect(errors.filter((line) => !line.includes('Failed to load resource'))).toEqual([]);
  await page.close();
});

test('Esc leaves the match for the results screen, whose Play again joins a match again', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  await enterGame(page, { url: fixture.server.endpoint, name: 'Esc Ed', until: 'connected' });
  await page.keyboard.press('Escape');
  await page.waitForSelector('#summary', { state: 'visible' });
  expect(await page.textContent('#summary-reason')).toBe('You left the match.');
  expect(new URL(page.url()).search).toBe('?results');
  expect(await page.isVisible('#hud')).toBe(false);

  await page.click('#summary-again');
  await page.waitForFunction(() => (window as unknown as Hooked).__orb.connected);
  expect(await page.isVisible('#summary')).toBe(false);
  expect(errors).toEqual([]);
  await page.close();
});
