import { expect, test } from 'vitest';
import { useBrowserFixture } from './fixture.ts';
import { enterGame, openPage, screenshotPath, type OrbHook } from './browser.ts';

type Hooked = {
  __orb: OrbHook & {
    screen: string | null;
    roomId?: string;
    sessionId?: string;
    spectating?: boolean;
    seen?: string[];
  };
};

const fixture = useBrowserFixture();

test('page D spectates the room where A plays: follows A from the leaderboard and reads A in the chat', async () => {
  const errors: string[] = [];
  const player = await openPage(fixture.browser, errors);
  await enterGame(player, { url: fixture.server.endpoint, name: 'Player Ann', until: 'connected' });
  const { roomId, sessionId } = await player.evaluate(() => (window as unknown as Hooked).__orb);

  const watcher = await openPage(fixture.browser, errors);
  await watcher.goto(`${fixture.server.endpoint}/?spectate=${roomId}`);
  await watcher.fill('#name', 'Watcher Dee');
  await watcher.click('#play');
  await watcher.waitForFunction(() => (window as unknown as Hooked).__orb.spectating === true);
  expect(new URL(watcher.url()).searchParams.get('spectate')).toBe(roomId);
  expect(await watcher.evaluate(() => (window as unknown as Hooked).__orb.me)).toBeUndefined();

  // Click A's name on the leaderboard: the camera follows A, so A is in the spectator's view.
  await watcher.click(`#leaderboard li[data-id="${sessionId}"]`);
  await watcher.waitForFunction((id) => (window as unknown as Hooked).__orb.seen?.includes(id), sessionId!);

  // A types in the chat (Enter opens it); the line reaches the spectator as text.
  await player.keyboard.press('Enter');
  await player.keyboard.type('<b>hello</b> watcher');
  await player.keyboard.press('Enter');
  await watcher.waitForFunction(() =>
    document.querySelector('#chat-log')?.textContent?.includes('<b>hello</b> watcher'),
  );
  expect(await watcher.$$eval('#chat-log b', (bold) => bold.length)).toBe(0);
  expect(await watcher.textContent('#chat-log')).toContain('Player Ann: <b>hello</b> watcher');
  expect(await watcher.isVisible('#chat-log')).toBe(true);
  await watcher.screenshot({ path: screenshotPath('spectate') });

  // The spectator took no player seat and the player played on.
  expect(await player.evaluate(() => (window as unknown as Hooked).__orb.leaderboard.length)).toBe(1);
  expect(errors).toEqual([]);
  await watcher.close();
  await player.close();
});
