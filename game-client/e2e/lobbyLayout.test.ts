import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { useBrowserFixture } from './fixture.ts';
import { screenshotPath } from './browser.ts';

/*
 * The lobby's drop-downs show their whole text on a desktop and on a phone held upright. A play-tester
 * found the mode's options ("Classic — Up to 50 players on an arena that grows…") and the round length
 * cut off: a closed select shows one line and clips the rest. On the phone the panel itself reached
 * both edges of the screen.
 */

const fixture = useBrowserFixture();

/** Room Chromium's closed select keeps for its arrow, px (measured: about 20 at 15 px type). */
const ARROW_PX = 24;

/** Every option of every select in the lobby whose text is wider than the closed select can show. */
function clippedOptions(page: Page, arrowPx: number): Promise<string[]> {
  return page.evaluate((arrow) => {
    const context = document.createElement('canvas').getContext('2d')!;
    const clipped: string[] = [];
    for (const select of document.querySelectorAll<HTMLSelectElement>('#lobby select')) {
      const style = getComputedStyle(select);
      context.font = style.font;
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow;
      for (const option of select.options) {
        const width = context.measureText(option.text).width;
        if (width > room) clipped.push(`#${select.id} "${option.text}": ${Math.ceil(width)} px in ${room} px`);
      }
    }
    return clipped;
  }, arrowPx);
}

test.each([
  { name: 'desktop', viewport: { width: 1280, height: 720 }, touch: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, touch: true },
])(
  '$name: no lobby drop-down option is cut off, the chosen mode is explained, the panel keeps a margin',
  async ({ name, viewport, touch }) => {
    const context = await fixture.browser.newContext({ viewport, hasTouch: touch, isMobile: touch });
    const page = await context.newPage();
    await page.goto(`${fixture.server.endpoint}/?lobby`);
    await page.waitForSelector('#lobby', { state: 'visible' });
    expect(await clippedOptions(page, ARROW_PX)).toEqual([]);
    // The panel keeps a margin on each side (on a phone it once reached both edges, its corners cut).
    const panel = (await page.locator('#lobby').boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(8);
    expect(panel.x + panel.width).toBeLessThanOrEqual(viewport.width - 8);
    expect(await page.textContent('#lobby-mode-summary')).toMatch(/players/);
    await page.selectOption('#lobby-mode', 'blitz');
    expect(await page.textContent('#lobby-mode-summary')).toMatch(/2-minute/);
    await page.screenshot({ path: screenshotPath(`lobby-layout-${name}`) });
    await context.close();
  },
);
