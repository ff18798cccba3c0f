import { matchMaker } from '@colyseus/core';
import {
  ARENA_GROW_PER_TICK,
  ARENA_SIZE,
  CHAT_BURST,
  CHAT_MAX_LENGTH,
  ClientMessage,
  ServerMessage,
  type ChatLine,
  type ChatRefused,
  type FeedEvent,
  type World,
} from '@orb-arena/shared';
import { expect, test, vi } from 'vitest';
import { PRESENCE_BURST_MS, PRESENCE_TOLD_ALONE } from '../src/rooms/PresenceBursts.ts';
import {
  ownPlayer,
  sendInputs,
  sendUntyped,
  useTestServer,
  waitForLeave,
  waitForOwnPlayer,
  waitForState,
  type PlayerRoom,
} from './harness.ts';

const server = useTestServer({ settings: { seed: 21 } });

/** Records every message of `type` a room receives, from now on. */
function record<T>(room: PlayerRoom, type: string): T[] {
  const seen: T[] = [];
  room.onMessage(type, (message: T) => seen.push(message));
  return seen;
}

/** Resolves once `room` received a chat line saying `text`. */
function waitForLine(room: PlayerRoom, text: string): Promise<ChatLine> {
  return new Promise((resolve) => {
    const off = room.onMessage(ServerMessage.Chat, (line: ChatLine) => {
      if (line.text !== text) return;
      off();
      resolve(line);
    });
  });
}

test('a chat line reaches everyone in the room with the sender name, and no other room', async () => {
  const alice = await server.join({ name: 'Alice', matchSeconds: 100 });
  const bob = await server.join({ name: 'Bob', matchSeconds: 100 });
  const carol = await server.join({ name: 'Carol', matchSeconds: 200 });
  expect(bob.roomId).toBe(alice.roomId);
  expect(carol.roomId).not.toBe(alice.roomId);
  const carolHeard = record<ChatLine>(carol, ServerMessage.Chat);

  const atBob = waitForLine(bob, 'hello arena');
  const atAlice = waitForLine(alice, 'hello arena');
  alice.send(ClientMessage.Chat, { text: '  hello \u202e arena ' });
  expect(await atBob).toEqual({ fromId: alice.sessionId, from: 'Alice', text: 'hello arena', spectator: false });
  expect((await atAlice).from).toBe('Alice');

  // A leak would have been written to Carol's socket before Bob got the line; her own line comes after it.
  const own = waitForLine(carol, 'only us');
  carol.send(ClientMessage.Chat, { text: 'only us' });
  await own;
  expect(carolHeard.map((line) => line.text)).toEqual(['only us']);
});

test('a chat flood is cut at the chat budget while the same client keeps moving', async () => {
  const flooder = await server.join({ name: 'Flood', matchSeconds: 300 });
  const listener = await server.join({ name: 'Ear', matchSeconds: 300 });
  expect(listener.roomId).toBe(flooder.roomId);
  const start = await waitForOwnPlayer(flooder);
  const echoed = record<ChatLine>(flooder, ServerMessage.Chat);
  const refused = record<ChatRefused>(flooder, ServerMessage.ChatRefused);
  // Three times the room's chat budget, within the wire guard's own (looser) chat budget, past which
  // the socket itself is dropped (security/limits.ts).
  const lines = 3 * CHAT_BURST;
  const allRefused = waitForCount(flooder, ServerMessage.ChatRefused, lines - CHAT_BURST);
  const burstHeard = waitForCount(listener, ServerMessage.Chat, CHAT_BURST);

  const moving = sendInputs(flooder, { x: 127, y: 0 }, 20);
  for (let i = 0; i < lines; i++) flooder.send(ClientMessage.Chat, { text: `spam ${i}` });
  await Promise.all([moving, allRefused, burstHeard]);
  // One socket, in order: the burst's echoes came before the refusals, so none is still on its way.
  expect(echoed.map((line) => line.text)).toEqual(['spam 0', 'spam 1', 'spam 2', 'spam 3', 'spam 4']);
  expect(refused[0]).toMatchObject({ reason: 'rate' });
  expect(refused[0]!.retryInMs).toBeGreaterThan(0);
  expect(flooder.connection.isOpen).toBe(true);
  expect(ownPlayer(flooder)!.x).toBeGreaterThan(start.x);
});

test('an over-long chat line drops its sender; the feed announces the join and the leave', async () => {
  const watcher = await server.join({ name: 'Watcher', matchSeconds: 400 });
  const feed = record<FeedEvent>(watcher, ServerMessage.Feed);
  const rude = await server.join({ name: 'Rude', matchSeconds: 400 });
  const left = waitForFeed(watcher, 'left');
  const kicked = waitForLeave(rude);
  sendUntyped(rude, ClientMessage.Chat, { text: 'x'.repeat(CHAT_MAX_LENGTH + 1) });
  expect(await kicked).toBe(4002);
  expect(await left).toEqual({ kind: 'left', id: rude.sessionId, name: 'Rude', bot: false });
  expect(feed).toContainEqual({ kind: 'joined', id: rude.sessionId, name: 'Rude', bot: false });
});

test('a room filling at once shows an observer a few join lines naming the crowd, not a line per player, and chat said meanwhile arrives', async () => {
  const observer = await server.join({ name: 'Observer', matchSeconds: 450 });
  const feed = record<FeedEvent>(observer, ServerMessage.Feed);
  const crowdSize = 30;
  const joining = Array.from({ length: crowdSize }, (_, i) => server.join({ name: `Guest ${i}`, matchSeconds: 450 }));
  const line = waitForLine(observer, 'welcome all');
  observer.send(ClientMessage.Chat, { text: 'welcome all' });
  const crowd = await Promise.all(joining);
  expect(crowd.every((room) => room.roomId === observer.roomId)).toBe(true);
  expect((await line).from).toBe('Observer');

  // Every guest is told of, most of them by count: the crowd line waits out the burst. (The observer
  // may hear of its own join, the burst's first.)
  const guestJoins = () =>
    feed.filter((event) => joinsIn(event) > 0 && !(event.kind === 'joined' && event.id === observer.sessionId));
  const toldOf = () => guestJoins().reduce((sum, event) => sum + joinsIn(event), 0);
  await vi.waitFor(() => expect(toldOf()).toBe(crowdSize), { timeout: 4 * PRESENCE_BURST_MS });
  const joinLines = guestJoins();
  // The guests joined within one window here; a slow machine may split them over one more crowd line.
  expect(joinLines.length).toBeLessThanOrEqual(PRESENCE_TOLD_ALONE + 2);
  expect(joinLines).toContainEqual(expect.objectContaining({ kind: 'crowd', change: 'joined', bots: 0 }));
});

/** Players an event tells have joined: 1 for a join, the count of a crowd that joined, else 0. */
function joinsIn(event: FeedEvent): number {
  if (event.kind === 'joined') return 1;
  return event.kind === 'crowd' && event.change === 'joined' ? event.count : 0;
}

test('a kill is fed to the eater, the prey and whoever has them on screen, not to the far side of the arena', async () => {
  const rooms = await Promise.all(
    ['Eater', 'Prey', 'Near', 'Far'].map((name) => server.join({ name, matchSeconds: 500 })),
  );
  const [eater, prey, near, far] = rooms as [PlayerRoom, PlayerRoom, PlayerRoom, PlayerRoom];
  await Promise.all(rooms.map((room) => waitForOwnPlayer(room)));
  const world = (matchMaker.getLocalRoomById(eater.roomId) as unknown as { world: World }).world;
  const player = (room: PlayerRoom) => world.players.get(room.sessionId)!;
  // Four players get the smallest arena; the far side needs the full one.
  Object.assign(world.config, { minArenaSize: ARENA_SIZE });
  world.arena.size = ARENA_SIZE - ARENA_GROW_PER_TICK;
  Object.assign(player(prey), { x: 2000, y: 2000 });
  Object.assign(player(near), { x: 2300, y: 2000 });
  Object.assign(player(far), { x: 2000, y: 3600 });
  Object.assign(player(eater), { x: 600, y: 600 });
  // The kill comes once the views follow the new places: Near's shows the prey, Far's neither of them.
  await Promise.all([
    waitForState(near, (state) => state.players.has(prey.sessionId), Boolean),
    waitForState(far, (state) => !state.players.has(prey.sessionId) && !state.players.has(eater.sessionId), Boolean),
  ]);
  const heard = rooms.map((room) => record<FeedEvent>(room, ServerMessage.Feed));
  const ate = rooms.slice(0, 3).map((room) => waitForFeed(room, 'ate'));
  Object.assign(player(eater), { x: 2000, y: 2000, mass: 400 });
  player(prey).shielded = false;
  const event = { kind: 'ate', eaterId: eater.sessionId, eater: 'Eater', preyId: prey.sessionId, prey: 'Prey' };
  expect(await Promise.all(ate)).toEqual([event, event, event]);
  // A line Near sends now reaches Far after anything sent to Far at the kill.
  const line = waitForLine(far, 'did you see that');
  near.send(ClientMessage.Chat, { text: 'did you see that' });
  await line;
  expect(heard.map((events) => events.filter((e) => e.kind === 'ate').length)).toEqual([1, 1, 1, 0]);
});

/** Resolves with the next feed event of `kind`. */
function waitForFeed(room: PlayerRoom, kind: FeedEvent['kind']): Promise<FeedEvent> {
  return new Promise((resolve) => {
    const off = room.onMessage(ServerMessage.Feed, (event: FeedEvent) => {
      if (event.kind !== kind) return;
      off();
      resolve(event);
    });
  });
}

/** Resolves once `room` has received `count` messages of `type` from now on. */
function waitForCount(room: PlayerRoom, type: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = room.onMessage(type, () => {
      if (++seen < count) return;
      off();
      resolve();
    });
  });
}
