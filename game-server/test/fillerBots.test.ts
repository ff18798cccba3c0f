import { matchMaker } from '@colyseus/core';
import {
  FILLER_HUNT_MASS,
  MODES,
  ServerMessage,
  START_MASS,
  addPlayer,
  buildSteerInput,
  createWorld,
  removePlayer,
  type FeedEvent,
  type MatchListing,
} from '@orb-arena/shared';
import { expect, test, vi } from 'vitest';
import { FillerBots } from '../src/rooms/FillerBots.ts';
import { PRESENCE_BURST_MS } from '../src/rooms/PresenceBursts.ts';
import { useTestServer, waitForState, type PlayerRoom } from './harness.ts';

const TARGET = 4;
const server = useTestServer({ settings: { seed: 5, fillerBots: TARGET } });

/** The leaderboard's bots, as the client decoded them. */
function botsOn(room: PlayerRoom) {
  return room.state.leaderboard.filter((entry) => entry.bot).map((entry) => ({ ...entry.toJSON() }));
}

/** Waits until `room` sees exactly `bots` bots and `TARGET` players in all. */
function waitForBots(room: PlayerRoom, bots: number): Promise<unknown> {
  return waitForState(
    room,
    (state) => [state.playerCount, state.leaderboard.filter((entry) => entry.bot).length],
    ([players, seen]) => players === TARGET && seen === bots,
  );
}

/** Resolves with the next feed event `room` receives that `matches`. */
function waitForFeed(room: PlayerRoom, matches: (event: FeedEvent) => boolean): Promise<FeedEvent> {
  return new Promise((resolve) => {
    const off = room.onMessage(ServerMessage.Feed, (event: FeedEvent) => {
      if (!matches(event)) return;
      off();
      resolve(event);
    });
  });
}

/** Players a join, leave or crowd event tells of (0 for other events). */
function presenceCount(event: FeedEvent): number {
  if (event.kind === 'crowd') return event.count;
  return event.kind === 'joined' || event.kind === 'left' ? 1 : 0;
}

/** The bots among them. */
function botCount(event: FeedEvent): number {
  if (event.kind === 'crowd') return event.bots;
  return (event.kind === 'joined' || event.kind === 'left') && event.bot ? 1 : 0;
}

/** The lobby's view of the room: players (bots included) and bots in its listing's metadata. */
async function seatsListed(roomId: string): Promise<unknown> {
  const [listing] = await matchMaker.query({ roomId });
  const { players, bots } = (listing?.metadata ?? {}) as Partial<MatchListing>;
  return { players, bots };
}

test('filler bots fill a lone player room, marked as bots, and play by the same rules', async () => {
  const alone = await server.join({ name: 'Solo', matchSeconds: 120 });
  await waitForBots(alone, TARGET - 1);
  const bots = botsOn(alone);
  expect(new Set(bots.map((bot) => bot.name)).size).toBe(TARGET - 1);
  expect(alone.state.leaderboard.find((entry) => entry.id === alone.sessionId)?.bot).toBe(false);
  expect(await seatsListed(alone.roomId)).toEqual({ players: TARGET, bots: TARGET - 1 });
  // Orbs score only when eaten by a moving disc: a bot that scores has steered through the input path.
  await waitForState(
    alone,
    (state) => state.leaderboard.filter((entry) => entry.bot && entry.score > 0).length,
    (scoring) => scoring === TARGET - 1,
  );
});

test('bots step aside as humans arrive and come back when they leave', async () => {
  const first = await server.join({ name: 'One', matchSeconds: 130 });
  // The bots arrive in one burst; once its crowd line is out, a bot that leaves is told as leaving.
  const botsArrived = waitForFeed(first, (event) => event.kind === 'crowd' && event.change === 'joined');
  await waitForBots(first, TARGET - 1);
  await botsArrived;
  const leftFeed: FeedEvent[] = [];
  first.onMessage(ServerMessage.Feed, (event: FeedEvent) => {
    if (event.kind === 'left' || (event.kind === 'crowd' && event.change === 'left')) leftFeed.push(event);
  });
  const others: PlayerRoom[] = [];
  for (let humans = 2; humans <= TARGET; humans++) {
    others.push(await server.join({ name: `Human ${humans}`, matchSeconds: 130 }));
    await waitForBots(first, TARGET - humans);
  }
  expect(others.every((room) => room.roomId === first.roomId)).toBe(true);
  expect(await seatsListed(first.roomId)).toEqual({ players: TARGET, bots: 0 });
  // The leaves come as a burst too: the last of them waits for its crowd line.
  await vi.waitFor(() => expect(leftFeed.reduce((sum, event) => sum + presenceCount(event), 0)).toBe(TARGET - 1), {
    timeout: 2 * PRESENCE_BURST_MS,
  });
  expect(leftFeed.every((event) => presenceCount(event) === botCount(event))).toBe(true);

  await others.pop()!.leave();
  await waitForBots(first, 1);
  expect(await seatsListed(first.roomId)).toEqual({ players: TARGET, bots: 1 });
});

test.each([
  { humanMass: START_MASS, chased: false },
  { humanMass: FILLER_HUNT_MASS, chased: true },
])('a filler bot chases a human of mass $humanMass: $chased (it hunts only grown humans)', ({ humanMass, chased }) => {
  const world = createWorld(1, MODES.classic.world);
  const human = addPlayer(world, 'human', 'Newcomer');
  const bots = new FillerBots(
    {
      addBot: (id, name) => {
        addPlayer(world, id, name).bot = true;
      },
      removeBot: (id) => removePlayer(world, id),
    },
    { target: 2, seed: 1 },
  );
  bots.rebalance(1);
  const bot = world.players.get('bot-1')!;
  Object.assign(bot, { x: 600, y: 600, mass: FILLER_HUNT_MASS * 2 });
  Object.assign(human, { x: 800, y: 600, mass: humanMass, shielded: false });
  bots.decide(world);
  const [input] = bots.queueOf(bot.id)!.take(1);
  const towardsHuman = buildSteerInput(bot, human);
  expect(input!.x === towardsHuman.x && input!.y === towardsHuman.y).toBe(chased);
});

test('bots in a room never share a name, however often humans come and go', () => {
  const names = new Map<string, string>();
  const bots = new FillerBots(
    { addBot: (id, name) => void names.set(id, name), removeBot: (id) => void names.delete(id) },
    { target: 8, seed: 1 },
  );
  // Humans arrive and leave in waves: bots are numbered past the 16 names many times over.
  for (let wave = 0; wave < 40; wave++) {
    bots.rebalance(wave % 7);
    expect(new Set(names.values()).size).toBe(names.size);
  }
  expect(bots.count).toBe(8 - (39 % 7));
});

test('a room of bots wears different colours (ids bot-1, bot-2, ... once all hashed to one yellow)', () => {
  const hues: number[] = [];
  const bots = new FillerBots(
    { addBot: (_id, _name, hue) => void hues.push(hue), removeBot: () => {} },
    { target: 8, seed: 1 },
  );
  bots.rebalance(0);
  expect(hues).toHaveLength(8);
  const apart = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));
  for (const [i, hue] of hues.entries()) {
    expect(hue).toBeGreaterThanOrEqual(0);
    expect(hue).toBeLessThan(360);
    for (const other of hues.slice(i + 1)) expect(apart(hue, other)).toBeGreaterThanOrEqual(20);
  }
});
