import type { CDPSession } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { useBrowserFixture } from './fixture.ts';
import { RESULTS_DIR, openPage } from './browser.ts';

/*
 * The first visit over a throttled link (10 Mbit/s down, 5 up, 40 ms latency, Chromium's network
 * emulation): what crosses the wire, and when the menu starts to work. Sizes are asserted (the
 * issue's 450 KB budget); times are printed and written to test-results/loading.json, not asserted.
 */

/** Wire budget for a first visit, bytes (issue 11). */
const FIRST_VISIT_BUDGET = 450 * 1024;
const MBIT = 1_000_000 / 8;

const fixture = useBrowserFixture();

interface Transfer {
  url: string;
  encoding: string | undefined;
  wireBytes: number;
  cached: boolean;
}

/** Records every response's encoding, cache use and bytes on the wire through the DevTools protocol. */
async function recordTransfers(cdp: CDPSession): Promise<Transfer[]> {
  const transfers: Transfer[] = [];
  const byId = new Map<string, Transfer>();
  await cdp.send('Network.enable');
  // A file taken from the memory or disk cache is announced before its response.
  const fromCache = new Set<string>();
  cdp.on('Network.requestServedFromCache', (event) => fromCache.add(event.requestId));
  cdp.on('Network.responseReceived', (event) => {
    if (!event.response.url.startsWith('http')) return; // data: URLs never cross the wire
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const transfer: Transfer = {
      url: new URL(event.response.url).pathname,
      encoding: headers['content-encoding'],
      wireBytes: 0,
      cached: Boolean(event.response.fromDiskCache) || fromCache.has(event.requestId),
    };
    byId.set(event.requestId, transfer);
    transfers.push(transfer);
  });
  cdp.on('Network.loadingFinished', (event) => {
    const transfer = byId.get(event.requestId);
    if (transfer) transfer.wireBytes = event.encodedDataLength;
  });
  return transfers;
}

test('a first visit at 10 Mbit/s stays under 450 KB on the wire, compressed; a second visit reuses the cached assets', async () => {
  const errors: string[] = [];
  const page = await openPage(fixture.browser, errors);
  const cdp = await page.context().newCDPSession(page);
  const transfers = await recordTransfers(cdp);
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 40,
    downloadThroughput: 10 * MBIT,
    uploadThroughput: 5 * MBIT,
  });

  await page.goto(fixture.server.endpoint);
  await page.waitForFunction(() => performance.getEntriesByName('orb:menu-ready').length > 0);
  // The game chunk (Phaser) is fetched right after the menu is up; wait for it too.
  await page.waitForFunction(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).some(
      (entry) => /bootGame/.test(entry.name) && entry.responseEnd > 0,
    ),
  );
  const timing = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const game = resources.find((entry) => /bootGame/.test(entry.name))!;
    return {
      menuReadyMs: Math.round(performance.getEntriesByName('orb:menu-ready')[0]!.startTime),
      gameChunkLoadedMs: Math.round(game.responseEnd),
    };
  });
  const scripts = transfers.filter((transfer) => transfer.url.endsWith('.js'));
  const firstVisitBytes = transfers.reduce((sum, transfer) => sum + transfer.wireBytes, 0);
  expect(scripts.length).toBeGreaterThanOrEqual(2);
  for (const script of scripts) expect(script.encoding).toBe('br');
  expect(firstVisitBytes).toBeLessThan(FIRST_VISIT_BUDGET);

  // Second visit: hashed assets come from the cache, only the page is asked for again.
  const firstCount = transfers.length;
  await page.goto(fixture.server.endpoint);
  await page.waitForFunction(() => performance.getEntriesByName('orb:menu-ready').length > 0);
  const second = transfers.slice(firstCount);
  const assets = second.filter((transfer) => transfer.url.startsWith('/assets/'));
  expect(assets.length).toBeGreaterThan(0);
  expect(assets.filter((asset) => !asset.cached)).toEqual([]);

  const report = {
    link: '10 Mbit/s down, 5 Mbit/s up, 40 ms latency (Chromium network emulation)',
    firstVisitWireKB: Number((firstVisitBytes / 1024).toFixed(1)),
    files: transfers
      .slice(0, firstCount)
      .map(({ url, encoding, wireBytes }) => ({ url, encoding, wireKB: Number((wireBytes / 1024).toFixed(1)) })),
    ...timing,
    secondVisitWireKB: Number((second.reduce((sum, transfer) => sum + transfer.wireBytes, 0) / 1024).toFixed(1)),
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}loading.json`, JSON.stringify(report, null, 2));
  console.info(JSON.stringify(report));
  expect(errors).toEqual([]);
  await page.close();
});
