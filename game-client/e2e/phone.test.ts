import { ClientMessage, type ChatMessage, type SimPlayer } from '@orb-arena/shared';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, expect, test, vi } from 'vitest';
import { useBrowserFixture, worldOf, worldWith } from './fixture.ts';
import { boxesOf, layoutProblems, screenshotPath, type OrbHook } from './browser.ts';

/*
 * A phone held upright (390 × 844, touch): the HUD boxes don't cover each other, the menu explains
 * touch controls, and the virtual joystick moves the orb and stops it when the finger lifts.
 */

type Hooked = { __orb: OrbHook & { roomId: string; sessionId: string; steer: { x: number; y: number } } };
const PHONE = { width: 390, height: 844 };

let context: BrowserContext;
const fixture = useBrowserFixture();

afterEach(async () => {
  await context?.close();
  await fixture.server.leaveAll();
});

async function openPhone(errors: string[]): Promise<Page> {
  context = await fixture.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return page;
}

async function joinOnPhone(page: Page, name: string): Promise<{ roomId: string; sessionId: string }> {
  await page.goto(fixture.server.endpoint);
  expect(await page.textContent('#menu .help')).toMatch(/finger/);
  await page.fill('#name', name);
  await page.tap('#play');
  await page.waitForFunction((n) => (window as unknown as Hooked).__orb.me?.name === n, name);
  return page.evaluate(() => {
    const hook = (window as unknown as Hooked).__orb;
    return { roomId: hook.roomId, sessionId: hook.sessionId };
  });
}

test('portrait: the HUD boxes (stats, leaderboard, kill feed, minimap, mute, chat) lie inside the screen and do not overlap', async () => {
  const errors: string[] = [];
  const page = await openPhone(errors);
  const me = await joinOnPhone(page, 'Portrait Pia');
  // Two more players, one eating the other, so the leaderboard has rows and the kill feed a line.
  const hunter = await fixture.server.join({ name: 'Sixteen chars ok' });
  const victim = await fixture.server.join({ name: 'Victim' });
  const world = await worldWith(me.roomId, victim.sessionId);
  const prey = world.players.get(victim.sessionId) as SimPlayer;
  // On Pia's screen, towards the middle of the arena: the kill feed carries the kills a player could see.
  const pia = world.players.get(me.sessionId)!;
  Object.assign(prey, { x: pia.x + (pia.x < world.arena.size / 2 ? 200 : -200), y: pia.y });
  await page.waitForFunction(
    (id) => (window as unknown as { __orb: { seen: string[] } }).__orb.seen.includes(id),
    victim.sessionId,
  );
  Object.assign(world.players.get(hunter.sessionId)!, { mass: 400, x: prey.x, y: prey.y, shielded: false });
  prey.shielded = false;
  await page.waitForSelector('#killfeed li');
  await page.waitForFunction(() => document.querySelectorAll('#leaderboard li').length >= 3);
  // The chat starts hidden on a phone (open, it covered the bottom fifth of the field) and counts
  // what arrives meanwhile on its button.
  expect(await page.isVisible('#chat-log')).toBe(false);
  for (const [i, sender] of [hunter, victim, hunter, victim, hunter, victim].entries())
    sender.send(ClientMessage.Chat, { text: `hello phone ${i + 1}` } satisfies ChatMessage);
  await page.waitForFunction(() => document.getElementById('chat-toggle')?.textContent === 'Show chat (6)');
  // Hidden, the panel is its button, not an empty bar across the field.
  const [panelWidth, buttonWidth] = await page.evaluate(() =>
    ['chat', 'chat-toggle'].map((id) => document.getElementById(id)!.getBoundingClientRect().width),
  );
  expect(panelWidth).toBeLessThan(buttonWidth! + 40);

  const boxes = await boxesOf(page, ['stats', 'leaderboard', 'killfeed', 'mute', 'minimap', 'chat']);
  await page.screenshot({ path: screenshotPath('phone-portrait') });
  expect(layoutProblems(boxes, PHONE)).toEqual([]);
  // The rank numbers show: each row's marker takes room inside the row, before its text (an outside
  // marker is clipped away by the row's overflow, which keeps long names to one line).
  const markerRoom = await page.evaluate(() =>
    [...document.querySelectorAll('#leaderboard li:not(.own-rank)')].map((row) => {
      const text = document.createRange();
      text.selectNodeContents(row);
      return text.getBoundingClientRect().left - row.getBoundingClientRect().left;
    }),
  );
  expect(markerRoom.length).toBeGreaterThanOrEqual(3);
  for (const room of markerRoom) expect(room).toBeGreaterThanOrEqual(8);
  // Opened, it shows the newest lines (scrolled to the end); the choice is kept for the next visit.
  await page.tap('#chat-toggle');
  expect(await page.textContent('#chat-log')).toContain('Victim: hello phone 6');
  const log = await page.$eval('#chat-log', (list) => ({
    top: list.scrollTop,
    height: list.scrollHeight,
    shown: list.clientHeight,
  }));
  expect(log.height).toBeGreaterThan(log.shown); // six lines overflow the phone's short log
  expect(log.top + log.shown).toBeGreaterThanOrEqual(log.height - 1);
  expect(await page.textContent('#chat-toggle')).toBe('Hide chat');
  expect(await page.evaluate(() => localStorage.getItem('orb-arena:chat-hidden'))).toBe('0');
  expect(errors).toEqual([]);
});

test('the joystick moves the orb while the finger drags and stops it when the finger lifts', async () => {
  const errors: string[] = [];
  const page = await openPhone(errors);
  const me = await joinOnPhone(page, 'Thumb Theo');
  const world = worldOf(me.roomId);
  const own = world.players.get(me.sessionId) as SimPlayer;
  Object.assign(own, { x: 500, y: 600 }); // inside the smallest arena (one player)
  const cdp = await context.newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 1 }] });

  await touch('touchStart', 195, 600);
  for (let step = 1; step <= 5; step++) await touch('touchMove', 195 + step * 20, 600);
  await page.waitForFunction(() => (window as unknown as Hooked).__orb.steer.x > 0);
  await vi.waitFor(() => expect(own.x).toBeGreaterThan(560));
  await page.screenshot({ path: screenshotPath('phone-joystick') });

  await touch('touchEnd', 295, 600);
  await page.waitForFunction(() => {
    const steer = (window as unknown as Hooked).__orb.steer;
    return steer.x === 0 && steer.y === 0;
  });
  // Let the inputs already on their way land, then the orb must stay put for another half second of ticks.
  const released = world.tick;
  await vi.waitFor(() => expect(world.tick).toBeGreaterThan(released + 10));
  const stopped = { x: own.x, y: own.y, tick: world.tick };
  await vi.waitFor(() => expect(world.tick).toBeGreaterThan(stopped.tick + 15));
  expect({ x: own.x, y: own.y }).toEqual({ x: stopped.x, y: stopped.y });
  expect(errors).toEqual([]);
});
