import { afterEach, expect, test } from 'vitest';
import { useTestServer } from './harness.ts';
import { joinAs, waitForLobby, waitForMatch, watchLobby, type WatchedLobby } from './lobbyHelpers.ts';

/** Long enough that the steps below finish inside it on a slow machine; the test waits on events. */
const GRACE_SECONDS = 4;
const server = useTestServer({ settings: { emptyRoomGraceSeconds: GRACE_SECONDS } });

let watched: WatchedLobby | null = null;
afterEach(() => watched?.lobby.leave());

test('an empty room waits out a grace (a returning player finds it), then closes and leaves the lobby', async () => {
  watched = await watchLobby(server);
  const list = watched.lobby;
  const first = await joinAs(server, { kind: 'quick', mode: 'classic' }, { name: 'ann' });
  const roomId = first.roomId;
  await waitForMatch(list, roomId, { what: 'with ann', accept: (m) => m.listing.players === 1 });

  await first.leave();
  await waitForMatch(list, roomId, { what: 'empty but still listed', accept: (m) => m.listing.players === 0 });
  // Back within the grace (a reload, the back button): the same room, by link and by quick play.
  const back = await joinAs(server, { kind: 'room', roomId }, { name: 'ann again' });
  const quick = await joinAs(server, { kind: 'quick', mode: 'classic' }, { name: 'bob' });
  expect([back.roomId, quick.roomId]).toEqual([roomId, roomId]);

  const closedAt = Date.now();
  await Promise.all([back.leave(), quick.leave()]);
  await waitForLobby(list, `${roomId} closed`, (matches) => !matches.has(roomId));
  // Not before the grace ran out (a lower bound only: no upper timing bound is asserted).
  expect(Date.now() - closedAt).toBeGreaterThanOrEqual(GRACE_SECONDS * 1000 - 50);
});
