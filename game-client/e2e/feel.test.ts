import { matchMaker, type Room } from '@colyseus/core';
import type { ArenaState, SimPlayer, World } from '@orb-arena/shared';
import type { Browser, Page } from 'playwright-core';
import type { WebSocket } from 'ws';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { DEFAULT_CLIENT_DIR } from '../../game-server/src/app.ts';
import { startTestServer, type TestServer } from '../../game-server/test/harness.ts';
import { startLagProxy } from '../../loadtest/src/lagProxy.ts';
import { launchBrowser, enterGame, openPage, screenshotPath, type OrbHook } from './browser.ts';

/*
 * What a player feels, in a real Chromium against a real server: the death screen, leaving by
 * closing the tab, pressing Play before the script arrived, and a banner left over from a lost game.
 */

type Hooked = { __orb: OrbHook & { roomId: string; sessionId: string; status: string; canReconnect: boolean } };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ clientDir: DEFAULT_CLIENT_DIR });
  browser = await launchBrowser();
});

afterEach(() => server.leaveAll());

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The server's room object and its simulation (private fields, read for the test's set-up only). */
function serverRoom(roomId: string): { room: Room<{ state: ArenaState }>; world: World } {
  const room = matchMaker.getLocalRoomById(roomId) as Room<{ state: ArenaState }>;
  return { room, world: (room as unknown as { world: World }).world };
}

async function join(page: Page, name: string, url = server.endpoint): Promise<{ roomId: string; sessionId: string }> {
  await enterGame(page, { url, name });
  return page.evaluate(() => {
    const hook = (window as unknown as Hooked).__orb;
    return { roomId: hook.roomId, sessionId: hook.sessionId };
  });
}

/** Starts recording, every frame, whether the player is alive in the state and whether the eater's name shows. */
async function recordFrames(page: Page, eater: string): Promise<void> {
  await page.evaluate((name) => {
    const frames: { alive: boolean | undefined; named: boolean }[] = [];
    (window as unknown as { __frames: typeof frames }).__frames = frames;
    const record = () => {
      frames.push({
        alive: (window as unknown as Hooked).__orb.me?.alive,
        named: document.body.innerText.includes(`Eaten by ${name}`),
      });
      requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  }, eater);
}

test('the death screen names the eater and stays up on every frame until the player is back', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  const me = await join(page, 'Prey Pat');
  const hunterRoom = await server.join({ name: 'Hunter' });
  const { world } = serverRoom(me.roomId);
  // Twice: the "eaten" message and the patch that marks the player dead arrive a variable time apart.
  for (let death = 0; death < 2; death++) {
    await recordFrames(page, 'Hunter');
    // A heavy hunter lands on the prey; the prey's spawn shield is dropped so the next tick eats it.
    const prey = world.players.get(me.sessionId) as SimPlayer;
    const hunter = world.players.get(hunterRoom.sessionId) as SimPlayer;
    Object.assign(hunter, { mass: 400, x: prey.x, y: prey.y, shielded: false });
    prey.shielded = false;
    await page.waitForFunction(() => (window as unknown as Hooked).__orb.me?.alive === false);
    if (death === 0) await page.screenshot({ path: screenshotPath('death-screen') });
    await page.waitForFunction(() => (window as unknown as Hooked).__orb.me?.alive === true, undefined, {
      timeout: 15_000,
    });
    const frames = await page.evaluate(
      () => (window as unknown as { __frames: { alive?: boolean; named: boolean }[] }).__frames,
    );
    // From the first frame that shows the screen (the message) to the first alive frame after the
    // death, every frame shows it.
    const opened = frames.findIndex((frame) => frame.named);
    const firstDead = frames.findIndex((frame) => frame.alive === false);
    const back = frames.findIndex((frame, index) => index > firstDead && frame.alive === true);
    expect(opened).toBeGreaterThanOrEqual(0);
    expect(firstDead).toBeGreaterThanOrEqual(0);
    const shown = frames.slice(Math.min(opened, firstDead), back === -1 ? undefined : back);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.filter((frame) => !frame.named)).toEqual([]);
    Object.assign(hunter, { mass: 10, x: 200, y: 200 });
  }
  expect(errors).toEqual([]);
  await page.close();
});

test('closing the tab leaves the room at once: the orb and the seat are gone, not kept for a reconnect', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  const me = await join(page, 'Closing Cleo');
  const { room } = serverRoom(me.roomId);
  expect(room.state.players.has(me.sessionId)).toBe(true);
  await page.close({ runBeforeUnload: true });
  // A dropped socket would keep the seat for 20 s; a leave by choice frees it as soon as it arrives.
  await vi.waitFor(() => expect(room.state.players.has(me.sessionId)).toBe(false), { timeout: 10_000 });
  expect(errors).toEqual([]);
});

test('pressing Play before the script has loaded does not reload the page, and the game starts', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  const held: (() => void)[] = [];
  await page.route('**/assets/*.js', (route) => {
    held.push(() => void route.continue());
  });
  await page.goto(server.endpoint, { waitUntil: 'commit' });
  await page.waitForSelector('#play');
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.fill('#name', 'Early Eve');
  await page.click('#play');
  expect(page.url()).not.toContain('name=');
  await vi.waitFor(() => expect(held.length).toBeGreaterThan(0));
  await page.unroute('**/assets/*.js');
  for (const release of held) release();
  await page.waitForFunction(() => (window as unknown as Hooked).__orb?.me?.name === 'Early Eve');
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect(page.url()).not.toContain('name=');
  expect(errors).toEqual([]);
  await page.close();
});

test('a new game after a lost one shows no stale "reconnecting" banner', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  const me = await join(page, 'Restart Rita');
  await page.waitForFunction(() => (window as unknown as Hooked).__orb.canReconnect);
  // The server loses the room (as in a restart): the socket dies and the seat is gone.
  const { room } = serverRoom(me.roomId);
  (room.clients.getById(me.sessionId)!.ref as unknown as WebSocket).terminate();
  await page.waitForFunction(() => (window as unknown as Hooked).__orb.status === 'reconnecting');
  await room.disconnect();
  // The lost match ends on the results screen (then the player plays again from there), or the client
  // finds a new match on its own (relocation): either way a new game starts.
  await page.waitForFunction(
    (old) => document.getElementById('summary')?.hidden === false || (window as unknown as Hooked).__orb.roomId !== old,
    me.roomId,
    { timeout: 30_000 },
  );
  if (await page.isVisible('#summary')) await page.click('#summary-again');
  await page.waitForFunction(() => (window as unknown as Hooked).__orb.status === 'connected');
  await page.waitForFunction(() => (window as unknown as Hooked).__orb.me?.name === 'Restart Rita');
  expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/reconnecting/i);
  await page.screenshot({ path: screenshotPath('after-restart') });
  // Console errors from the lost connection itself are expected; none may come after the new join.
  await page.close();
});

test('the round results show the top 10 and, below them, the own place highlighted', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  const me = await join(page, 'Eleventh Ella', `${server.endpoint}/?match=4`);
  const { world } = serverRoom(me.roomId);
  const others = await Promise.all(
    Array.from({ length: 10 }, (_, i) => server.join({ name: `Better ${i}`, matchSeconds: 4 })),
  );
  for (const [i, other] of others.entries()) world.players.get(other.sessionId)!.score = 100 + i;
  await page.waitForSelector('#results', { state: 'visible', timeout: 20_000 });
  await page.waitForFunction(() => document.querySelectorAll('#standings li').length === 11);
  const standings = await page.$$eval('#standings li', (items) =>
    items.map((item) => ({
      text: item.textContent,
      me: item.classList.contains('me'),
      value: (item as HTMLLIElement).value,
    })),
  );
  expect(standings, JSON.stringify(standings)).toHaveLength(11);
  expect(standings[10]).toMatchObject({ me: true, value: 11 });
  expect(standings[10]!.text).toContain('Eleventh Ella');
  expect(standings.slice(0, 10).every((entry) => !entry.me)).toBe(true);
  await page.screenshot({ path: screenshotPath('results-own-place') });
  expect(errors).toEqual([]);
  await page.close();
});

test('while the server cannot be reached the page says it is restarting and keeps trying, then plays', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  // A port where nothing listens yet: the "server" is down.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  await page.goto(`${server.endpoint}/?server=http://127.0.0.1:${port}`);
  await page.fill('#name', 'Patient Pat');
  await page.click('#play');
  await page.waitForFunction(() => document.getElementById('notice')?.hidden === false);
  expect(await page.textContent('#notice')).toBe('The server is restarting, reconnecting…');
  expect(await page.evaluate(() => document.body.innerText)).not.toMatch(/failed to fetch|code \d/i);

  // The server comes back on that port (a proxy in front of the real one).
  const proxy = await startLagProxy({ listenPort: port, targetPort: server.port, rttMs: 0, jitterMs: 0 });
  try {
    await page.waitForFunction(() => (window as unknown as Hooked).__orb.me?.name === 'Patient Pat', undefined, {
      timeout: 30_000,
    });
    expect(await page.isVisible('#notice')).toBe(false);
  } finally {
    await page.close();
    await proxy.close();
  }
  // The failed fetches while the server was down are the browser's own console errors; nothing else.
  expect(
    errors.filter((error) => !/ERR_CONNECTION_REFUSED|Failed to fetch|Failed to load resource/i.test(error)),
  ).toEqual([]);
});

test('the colour picked in the menu is the orb colour, and the browser remembers it and the mute toggle', async () => {
  const errors: string[] = [];
  const page = await openPage(browser, errors);
  await page.goto(server.endpoint);
  await page.click('#colors .swatch[data-hue="260"]');
  await page.fill('#name', 'Violet Vi');
  await page.click('#play');
  await page.waitForFunction(() => (window as unknown as Hooked).__orb.me?.name === 'Violet Vi');
  expect(await page.evaluate(() => (window as unknown as { __orb: { me: { hue: number } } }).__orb.me.hue)).toBe(260);
  // The mute button draws its speaker (no emoji font needed), crossed out once muted, and the
  // toggle is remembered the same way.
  const icon = () =>
    page.$eval('#mute svg', (svg) => ({ muted: svg.dataset.muted, width: svg.getBoundingClientRect().width }));
  expect(await icon()).toEqual({ muted: 'false', width: 18 });
  await page.click('#mute');
  expect(await page.getAttribute('#mute', 'aria-pressed')).toBe('true');
  expect(await icon()).toEqual({ muted: 'true', width: 18 });
  await page.goto(server.endpoint);
  expect(await page.evaluate(() => localStorage.getItem('orb-arena:muted'))).toBe('1');
  expect(await page.getAttribute('#colors .swatch[data-hue="260"]', 'aria-checked')).toBe('true');
  expect(errors).toEqual([]);
  await page.close();
});
