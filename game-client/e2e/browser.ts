import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';

/** Debian's Chromium; `npx playwright install` cannot download browsers here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = new URL('../../test-results/', import.meta.url).pathname;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-gl=swiftshader'],
  });
}

/** Opens a page that records every console error and uncaught exception into `errors`. */
export async function openPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
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
