import { matchMaker } from '@colyseus/core';
import type { World } from '@orb-arena/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { DEFAULT_CLIENT_DIR } from '../../game-server/src/app.ts';
import { startTestServer, type TestServer } from '../../game-server/test/harness.ts';
import { launchBrowser } from './browser.ts';

/** The file's real server (serving the built client) and headless Chromium, once both have started. */
export interface BrowserFixture {
  server: TestServer;
  browser: Browser;
}

/**
 * Starts a server that serves the built client and a headless Chromium before the file's tests, and
 * closes both after them. Read the fields inside tests and hooks only.
 */
export function useBrowserFixture(): BrowserFixture {
  const fixture = {} as BrowserFixture;
  beforeAll(async () => {
    fixture.server = await startTestServer({ clientDir: DEFAULT_CLIENT_DIR });
    fixture.browser = await launchBrowser();
  });
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.server?.close();
  });
  return fixture;
}

/** The simulation of a room of the fixture's server (same process), for tests that stage a scene. */
export function worldOf(roomId: string): World {
  return (matchMaker.getLocalRoomById(roomId) as unknown as { world: World }).world;
}

/** The world of `roomId` once `sessionId`'s player is in it (a join lands in the world a tick after it resolves). */
export async function worldWith(roomId: string, sessionId: string): Promise<World> {
  const world = worldOf(roomId);
  await vi.waitFor(() => expect(world.players.has(sessionId)).toBe(true));
  return world;
}
