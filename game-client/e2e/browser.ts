import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';

/** Debian's Chromium; `npx playwright install` cannot download browsers here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = new URL('../../test-results/', import.meta.url).pathname;

/** The screens a layout test checks: a desktop window and a phone held upright and sideways (touch). */
export const LAYOUT_SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 720 }, touch: false },
  { name: 'phone-portrait', viewport: { width: 390, height: 844 }, touch: true },
  { name: 'phone-landscape', viewport: { width: 844, height: 390 }, touch: true },
] as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-gl=swiftshader'],
  });
}

/** A page's size, CSS px, and whether it is a touch screen (a phone's: touch and mobile emulation). */
export interface PageSize {
  viewport: { width: number; height: number };
  touch: boolean;
}

/** The desktop window a page opens at when no size is given. */
export const DESKTOP_SIZE: PageSize = LAYOUT_SIZES[0];

/**
 * Opens a page of `size` in its own browser context (closing the page closes it), recording every
 * console error and uncaught exception into `errors`.
 * @param size the page's screen; a touch size (a phone's) also sets `isMobile` and `hasTouch`. @default DESKTOP_SIZE
 */
export async function openPage(browser: Browser, errors: string[], size: PageSize = DESKTOP_SIZE): Promise<Page> {
  const page = await browser.newPage({ viewport: size.viewport, hasTouch: size.touch, isMobile: size.touch });
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return page;
}

export function screenshotPath(name: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return `${RESULTS_DIR}${name}.png`;
}

/** The read-only window.__orb hook's shape, as far as tests read it. */
export interface OrbHook {
  connected: boolean;
  phase?: string;
  me?: { name: string; x: number; y: number; score: number; rank: number; alive: boolean };
  leaderboard: { name: string; score: number }[];
}

/**
 * A player's way in from the menu: open `url`, enter `name`, press Play, and wait until the game is
 * `until` ('seated': the own player, named `name`, is in the state; 'connected': the room is joined).
 */
export async function enterGame(
  page: Page,
  options: { url: string; name: string; until?: 'seated' | 'connected' },
): Promise<void> {
  type Hooked = { __orb: OrbHook };
  await page.goto(options.url);
  await page.fill('#name', options.name);
  await page.click('#play');
  if (options.until === 'connected') await page.waitForFunction(() => (window as unknown as Hooked).__orb.connected);
  else await page.waitForFunction((name) => (window as unknown as Hooked).__orb.me?.name === name, options.name);
}

/**
 * A spectator's way in: opens `/?spectate=ROOMID` of `url` on a new page of `size` (desktop by
 * default) in its own browser context, recording errors into `errors`, enters a name and presses
 * Watch. Resolves once the page spectates.
 */
export async function openSpectator(
  browser: Browser,
  options: { url: string; roomId: string; errors: string[]; size?: PageSize },
): Promise<Page> {
  const page = await openPage(browser, options.errors, options.size);
  await page.goto(`${options.url}/?spectate=${options.roomId}`);
  await page.fill('#name', 'Watcher');
  await page.click('#play');
  await page.waitForFunction(() => (window as unknown as { __orb: { spectating?: boolean } }).__orb.spectating);
  return page;
}

/**
 * The player's path through the game: open `url`, enter `name`, join, hold right+down until the orb
 * has moved, and wait for the name on the leaderboard. Saves a screenshot as `shot`.
 */
export async function playThrough(page: Page, options: { url: string; name: string; shot: string }): Promise<void> {
  type Hooked = { __orb: OrbHook };
  await enterGame(page, options);
  const start = await page.evaluate(() => (window as unknown as Hooked).__orb.me!);
  await page.keyboard.down('ArrowRight');
  await page.keyboard.down('s');
  await page.waitForFunction((from) => {
    const me = (window as unknown as Hooked).__orb.me!;
    return me.x > from.x + 60 && me.y > from.y + 60;
  }, start);
  await page.keyboard.up('ArrowRight');
  await page.keyboard.up('s');
  await page.waitForFunction(
    (name) => document.querySelector('#leaderboard')?.textContent?.includes(name),
    options.name,
  );
  await page.screenshot({ path: screenshotPath(options.shot) });
}

/** An element's box on the page, CSS px. */
export interface Box {
  id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The boxes of the elements with these ids, CSS px. */
export function boxesOf(page: Page, ids: readonly string[]): Promise<Box[]> {
  return page.evaluate(
    (list) =>
      list.map((id) => {
        const rect = document.getElementById(id)!.getBoundingClientRect();
        return { id, left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
      }),
    ids,
  );
}

/** Every box that is empty, leaves the screen or overlaps another, as sentences (none: a clean layout). */
export function layoutProblems(boxes: readonly Box[], screen: { width: number; height: number }): string[] {
  const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const problems: string[] = [];
  for (const box of boxes) {
    if (box.right <= box.left || box.bottom <= box.top) problems.push(`${box.id} is empty`);
    if (box.left < 0 || box.top < 0 || box.right > screen.width || box.bottom > screen.height) {
      problems.push(`${box.id} leaves the screen: ${JSON.stringify(box)}`);
    }
    for (const other of boxes) {
      if (other.id > box.id && overlaps(box, other)) problems.push(`${box.id} overlaps ${other.id}`);
    }
  }
  return problems;
}

/** Where the minimap's pixels of one colour are: how many, and their mean position as a fraction of its side. */
export interface MapPixels {
  count: number;
  meanX: number;
  meanY: number;
}

/** The minimap's pixels of each CSS colour of `colors` (within a few steps per channel). */
export function minimapPixels(page: Page, colors: readonly string[]): Promise<MapPixels[]> {
  return page.evaluate((wanted) => {
    const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
    const targets = wanted.map((color) => {
      probe.fillStyle = color;
      probe.fillRect(0, 0, 1, 1);
      return [...probe.getImageData(0, 0, 1, 1).data];
    });
    const map = document.getElementById('minimap') as HTMLCanvasElement;
    const pixels = map.getContext('2d')!.getImageData(0, 0, map.width, map.height).data;
    return targets.map((target) => {
      let count = 0;
      let sumX = 0;
      let sumY = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (![0, 1, 2].every((channel) => Math.abs(pixels[i + channel]! - target[channel]!) <= 6)) continue;
        count += 1;
        sumX += (i / 4) % map.width;
        sumY += Math.floor(i / 4 / map.width);
      }
      return { count, meanX: sumX / Math.max(1, count) / map.width, meanY: sumY / Math.max(1, count) / map.height };
    });
  }, colors);
}
