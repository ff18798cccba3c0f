import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ArenaConnection } from '../src/net/ArenaConnection.ts';
import {
  freePort,
  startRedis,
  stopChild,
  type RedisProcess,
  type ServerProcess,
} from '../../game-server/test/processes.ts';
import {
  clusterEnv,
  joinThrough,
  listedRooms,
  socketUrl,
  startClusterServer,
  waitForListedRoomCount,
} from '../../game-server/test/scaleHelpers.ts';
import { launchBrowser, enterGame, openPage, screenshotPath, type OrbHook } from './browser.ts';

/*
 * A deploy seen from the browser: two real server processes on a real Redis, a real Chromium playing
 * in a room on one of them; that process gets SIGTERM. The player must land in a room on the other
 * process with a short banner, never on the menu.
 */

type Hooked = { __orb: OrbHook & { roomId?: string; status?: string; screen: string | null } };

let redis: RedisProcess;
let servers: ServerProcess[] = [];
let anchor: ArenaConnection | undefined;
let browser: Browser;

beforeAll(async () => {
  redis = await startRedis();
  const ports = [await freePort(), await freePort()];
  // The page comes from one process and its room socket may go to the other (another origin).
  const env = { ...clusterEnv(redis.url), ALLOWED_ORIGINS: ports.map((port) => `http://127.0.0.1:${port}`).join(',') };
  servers = await Promise.all(ports.map((port) => startClusterServer(env, undefined, port)));
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await anchor?.leave().catch(() => undefined);
  await browser?.close();
  for (const server of servers) await stopChild(server, 'SIGKILL');
  await redis?.dispose();
});

test('a player on a draining process is moved to another one with a banner, not the menu', async () => {
  // A first room somewhere; the browser's room then opens on the other process (fewest rooms).
  anchor = await joinThrough(servers[0]!.endpoint, 'anchor', 100);
  const survivor = servers.find((server) => socketUrl(anchor!).includes(`:${server.port}/`))!;
  const draining = servers.find((server) => server !== survivor)!;
  await waitForListedRoomCount(redis.url, 1);

  const errors: string[] = [];
  const page = await openPage(browser, errors);
  await enterGame(page, { url: `${survivor.endpoint}/?match=120`, name: 'Moving Mo' });
  const before = await page.evaluate(() => (window as unknown as Hooked).__orb.roomId!);
  const listed = await listedRooms(survivor.endpoint);
  expect(listed.find((room) => room.roomId === before)?.publicAddress).toBe(`127.0.0.1:${draining.port}`);

  draining.child.kill('SIGTERM');
  await page.waitForFunction(
    (old) => {
      const hook = (window as unknown as Hooked).__orb;
      return hook.connected && hook.roomId !== old && hook.me?.name === 'Moving Mo';
    },
    before,
    { timeout: 20_000 },
  );
  expect(await page.textContent('#banner')).toContain('Moved to another server');
  expect(await page.evaluate(() => (window as unknown as Hooked).__orb.screen)).toBe('play');
  const after = await page.evaluate(() => (window as unknown as Hooked).__orb.roomId!);
  expect((await listedRooms(survivor.endpoint)).find((room) => room.roomId === after)?.publicAddress).toBe(
    `127.0.0.1:${survivor.port}`,
  );
  await page.screenshot({ path: screenshotPath('moved-to-another-server') });
  expect(await draining.exited).toBe(0);
  expect(errors).toEqual([]);
});
