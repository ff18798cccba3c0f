import { matchMaker } from '@colyseus/core';
import { ClientMessage, ServerMessage, TICK_HZ, type ChatLine, type World } from '@orb-arena/shared';
import { expect, test } from 'vitest';
import { metrics } from '../src/metrics.ts';
import {
  leaderboardIds,
  moveInput,
  useTestServer,
  waitForOwnPlayer,
  waitForState,
  type PlayerRoom,
} from './harness.ts';

/** Spectator inputs the server has refused so far (the in-process server's metrics). */
async function refusedInputs(): Promise<number> {
  const { values } = await metrics.messagesRejected.get();
  return values.find((value) => value.labels.reason === 'spectator')?.value ?? 0;
}

/** Resolves once the server has refused `count` spectator inputs, checked after each of `room`'s patches. */
function waitForRefused(room: PlayerRoom, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const check = () =>
      void refusedInputs().then((refused) => {
        if (done || refused < count) return;
        done = true;
        queueMicrotask(() => room.onStateChange.remove(check));
        resolve();
      }, reject);
    room.onStateChange(check);
  });
}

const server = useTestServer({ settings: { seed: 17, maxClients: 2, maxSpectators: 2 } });

test('a spectator receives the state, takes no player seat, and its inputs are refused', async () => {
  const first = await server.join({ name: 'First', matchSeconds: 90 });
  await waitForOwnPlayer(first);
  const watcher = await server.spectate(first.roomId, { name: 'Watcher' });
  expect(watcher.roomId).toBe(first.roomId);
  // The spectator holds no player seat: a second player still fits in a two-player room.
  const second = await server.join({ name: 'Second', matchSeconds: 90 });
  expect(second.roomId).toBe(first.roomId);

  // Public state arrives; following a player puts that player in the spectator's view.
  await waitForState(watcher, leaderboardIds, (ids) => ids.length === 2);
  watcher.send(ClientMessage.Camera, { mode: 'follow', id: second.sessionId });
  const seen = await waitForState(
    watcher,
    (state) => state.players?.get(second.sessionId)?.name,
    (name) => name !== undefined,
  );
  expect(seen).toBe('Second');

  // Inputs from a spectator reach the server, which refuses them: they move nothing and add no player.
  const before = await refusedInputs();
  const input = moveInput(watcher);
  const sending = setInterval(() => input.push({ x: 127, y: 0 }), 1000 / TICK_HZ);
  try {
    await waitForRefused(watcher, before + 10);
  } finally {
    clearInterval(sending);
  }
  expect(watcher.state.players?.has(watcher.sessionId)).toBe(false);
  expect(watcher.state.playerCount).toBe(2);
  expect(leaderboardIds(watcher.state)).not.toContain(watcher.sessionId);

  // It can talk, marked as watching.
  const heard = new Promise<ChatLine>((resolve) => first.onMessage(ServerMessage.Chat, resolve));
  watcher.send(ClientMessage.Chat, { text: 'nice play' });
  expect(await heard).toEqual({ fromId: watcher.sessionId, from: 'Watcher', text: 'nice play', spectator: true });
});

test("a spectator is sent the score and rank of the player it follows, and no other player's", async () => {
  const first = await server.join({ name: 'First', matchSeconds: 90 });
  const second = await server.join({ name: 'Second', matchSeconds: 90 });
  const world = (matchMaker.getLocalRoomById(first.roomId) as unknown as { world: World }).world;
  world.players.get(first.sessionId)!.score = 30;
  world.players.get(second.sessionId)!.score = 70;
  const watcher = await server.spectate(first.roomId, { name: 'Watcher' });
  const figures = (id: string) => {
    const player = watcher.state.players?.get(id);
    return player && { score: player.score, rank: player.rank };
  };

  // Following First: its score and rank arrive (the server's own figures), Second's do not.
  watcher.send(ClientMessage.Camera, { mode: 'follow', id: first.sessionId });
  // (ranks are recomputed twice a second: wait for the refresh where Second's 70 leads)
  await waitForState(
    watcher,
    () => figures(first.sessionId),
    (seen) => seen?.score === 30 && seen.rank === 2,
  );
  expect(figures(second.sessionId)?.score).toBeUndefined();

  // Following Second instead: Second's figures arrive and First's are taken back.
  watcher.send(ClientMessage.Camera, { mode: 'follow', id: second.sessionId });
  await waitForState(
    watcher,
    () => figures(second.sessionId),
    (seen) => seen?.score === 70 && seen.rank === 1,
  );
  await waitForState(
    watcher,
    () => figures(first.sessionId),
    (seen) => seen !== undefined && seen.score === undefined,
  );
  world.players.get(first.sessionId)!.score = 90;
  await waitForState(
    watcher,
    () => figures(second.sessionId),
    (seen) => seen?.rank === 2,
  );
  expect(figures(first.sessionId)?.score).toBeUndefined();
});

test("a followed player who leaves the spectator's view takes its score along, and shows none when seen again unfollowed", async () => {
  const first = await server.join({ name: 'First', matchSeconds: 90 });
  const second = await server.join({ name: 'Second', matchSeconds: 90 });
  const world = (matchMaker.getLocalRoomById(first.roomId) as unknown as { world: World }).world;
  // Far apart in a wide arena (it shrinks back at 30 units/s, slowly enough): no view holds both.
  world.arena.size = 4000;
  Object.assign(world.players.get(first.sessionId)!, { x: 400, y: 400, score: 30 });
  Object.assign(world.players.get(second.sessionId)!, { x: 3400, y: 3400, score: 70 });
  const watcher = await server.spectate(first.roomId, { name: 'Watcher' });
  const seen = (id: string) => watcher.state.players?.get(id);

  watcher.send(ClientMessage.Camera, { mode: 'follow', id: first.sessionId });
  await waitForState(
    watcher,
    () => seen(first.sessionId)?.score,
    (score) => score === 30,
  );
  // Following Second moves the view away: First leaves it (untagged before it is removed).
  watcher.send(ClientMessage.Camera, { mode: 'follow', id: second.sessionId });
  await waitForState(
    watcher,
    () => seen(first.sessionId),
    (player) => player === undefined,
  );
  await waitForState(
    watcher,
    () => seen(second.sessionId)?.score,
    (score) => score === 70,
  );
  // A free camera back over First: First is shown again, without its owner-only fields.
  watcher.send(ClientMessage.Camera, { mode: 'free', x: 400, y: 400 });
  await waitForState(
    watcher,
    () => seen(first.sessionId),
    (player) => player !== undefined,
  );
  world.players.get(first.sessionId)!.score = 45;
  // The public leaderboard has the new score once the patch with First's own copy of it has gone out.
  await waitForState(
    watcher,
    (state) => [...(state.leaderboard?.values() ?? [])].find((entry) => entry.id === first.sessionId)?.score,
    (score) => score === 45,
  );
  expect(seen(first.sessionId)?.score).toBeUndefined();
  expect(seen(first.sessionId)?.rank).toBeUndefined();
});

test('spectators can watch a room whose player seats are full, up to their own cap', async () => {
  const a = await server.join({ name: 'A', matchSeconds: 95 });
  const b = await server.join({ name: 'B', matchSeconds: 95 });
  expect(b.roomId).toBe(a.roomId);
  // The room is locked for players: quick play goes elsewhere...
  const c = await server.join({ name: 'C', matchSeconds: 95 });
  expect(c.roomId).not.toBe(a.roomId);
  // ...but it can still be watched, by at most maxSpectators.
  const one = await server.spectate(a.roomId, { name: 'Eye one' });
  const two = await server.spectate(a.roomId, { name: 'Eye two' });
  expect([one.roomId, two.roomId]).toEqual([a.roomId, a.roomId]);
  await expect(server.spectate(a.roomId, { name: 'Eye three' })).rejects.toThrow(/no spectator seat free/);
  await expect(server.spectate('no-such-room', { name: 'Lost' })).rejects.toThrow(/room "no-such-room" not found/);
  // A spectator leaving frees its seat for the next one.
  await one.leave();
  const three = await server.spectate(a.roomId, { name: 'Eye three' });
  expect(three.roomId).toBe(a.roomId);
});

/** Resolves once `room`'s state counts `count` spectators; returns the count it saw. */
function watchersSeenBy(room: PlayerRoom, count: number): Promise<number> {
  return waitForState(
    room,
    (state) => state.watcherCount,
    (seen) => seen === count,
  );
}

test('players see how many spectators watch their room: one joins, then leaves', async () => {
  const player = await server.join({ name: 'Pat', matchSeconds: 97 });
  await waitForOwnPlayer(player);
  expect(player.state.watcherCount).toBe(0);
  const eye = await server.spectate(player.roomId, { name: 'Eye' });
  expect(await watchersSeenBy(player, 1)).toBe(1);
  // The spectator is counted in its own state too.
  expect(await watchersSeenBy(eye, 1)).toBe(1);
  await eye.leave();
  expect(await watchersSeenBy(player, 0)).toBe(0);
});
