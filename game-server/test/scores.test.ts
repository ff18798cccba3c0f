import {
  ARENA_ROOM,
  LeaderboardPeriod,
  ServerMessage,
  type PersonalBestMessage,
  type RoundResults,
} from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { metrics } from '../src/metrics.ts';
import {
  dropSocket,
  ownPlayer,
  playerIdOf,
  startTestServer,
  steerToNearestOrb,
  useTestServer,
  waitForMessage,
  waitForOwnPlayer,
  waitForState,
  whileDriving,
  type PlayerRoom,
  type TestServer,
} from './harness.ts';

const daily = { mode: 'classic', period: LeaderboardPeriod.Daily };

/** Steers to orbs until the own score reaches `points`; returns the score then. */
async function scorePoints(room: PlayerRoom, points: number): Promise<number> {
  await waitForOwnPlayer(room);
  return whileDriving(
    room,
    steerToNearestOrb(room),
    waitForState(
      room,
      () => ownPlayer(room)?.score ?? 0,
      (score) => score >= points,
    ),
  );
}

/** The player's score on today's classic board (polled: the store is written after the event). */
function dailyScore(server: TestServer, playerId: string): Promise<number | undefined> {
  return server.store.rowOf(daily, playerId).then((row) => row?.score);
}

describe('scores on the persistent leaderboards', () => {
  const server = useTestServer({ settings: { reconnectSeconds: 1 } });

  test('at round end every score reaches the daily board, and the player hears it is a new best', async () => {
    const room = await server.join({ name: 'finisher', matchSeconds: 3 });
    const results = waitForMessage<RoundResults>(room, ServerMessage.RoundResults);
    const best = waitForMessage<PersonalBestMessage>(room, ServerMessage.PersonalBest);
    await whileDriving(room, steerToNearestOrb(room), results);

    const final = (await results).standings[0]!.score;
    expect(final).toBeGreaterThan(0);
    expect(await best).toEqual({ board: 'classic', round: 1, score: final, newBest: ['all', 'daily', 'weekly'] });
    expect(await server.store.rowOf(daily, playerIdOf(room))).toMatchObject({
      name: 'finisher',
      score: final,
      rank: 1,
    });
    // The HUD's best today, in the own player's owner-only fields.
    expect(
      await waitForState(
        room,
        () => ownPlayer(room)?.bestToday,
        (value) => value === final,
      ),
    ).toBe(final);
  });

  test('a returning player sees its best today when it joins another room', async () => {
    const guest = await server.client(); // one guest, two visits
    const first = (await guest.joinOrCreate(ARENA_ROOM, { name: 'returning', matchSeconds: 3 })) as PlayerRoom;
    const stored = waitForMessage<PersonalBestMessage>(first, ServerMessage.PersonalBest);
    await whileDriving(first, steerToNearestOrb(first), waitForMessage(first, ServerMessage.RoundResults));
    const { score } = await stored;
    await first.leave();

    const again = (await guest.joinOrCreate(ARENA_ROOM, { name: 'returning' })) as PlayerRoom;
    try {
      expect(again.roomId).not.toBe(first.roomId);
      expect(
        await waitForState(
          again,
          () => ownPlayer(again)?.bestToday,
          (value) => value === score,
        ),
      ).toBe(score);
    } finally {
      await again.leave();
    }
  });

  test('a player who leaves mid-round keeps the score it earned', async () => {
    const room = await server.join({ name: 'leaver' });
    const earned = await scorePoints(room, 3);
    const playerId = playerIdOf(room);
    await room.leave();
    await expect.poll(() => dailyScore(server, playerId)).toBeGreaterThanOrEqual(earned);
  });

  test('a player who drops mid-round keeps its score when the reconnection window expires', async () => {
    const watcher = await server.join({ name: 'watcher' });
    const room = await server.join({ name: 'dropper' });
    const earned = await scorePoints(room, 3);
    const playerId = playerIdOf(room);
    dropSocket(room);
    // The seat is held for reconnectSeconds (1 s here), then the player is removed and its score kept.
    await waitForState(
      watcher,
      (state) => state.players.has(room.sessionId),
      (present) => !present,
    );
    await expect.poll(() => dailyScore(server, playerId)).toBeGreaterThanOrEqual(earned);
  });

  test('a round end and a leave in the same round are stored once', async () => {
    const count = (outcome: 'stored' | 'duplicate') => metrics.storeSubmissionCount(outcome);
    const before = { stored: await count('stored'), duplicate: await count('duplicate') };
    const room = await server.join({ name: 'twice', matchSeconds: 3 });
    const best = waitForMessage<PersonalBestMessage>(room, ServerMessage.PersonalBest);
    await whileDriving(room, steerToNearestOrb(room), waitForMessage(room, ServerMessage.RoundResults));
    await best;
    await room.leave(); // still in round 1's results phase: the same key
    await expect.poll(async () => (await count('duplicate')) - before.duplicate).toBe(1);
    expect((await count('stored')) - before.stored).toBe(1);
  });
});

describe('scores at shutdown', () => {
  test('a graceful shutdown stores every seat, including a dropped one waiting for its client', async () => {
    const server = await startTestServer({ settings: { reconnectSeconds: 60 } });
    const dropped = await server.join({ name: 'dropped' });
    const playing = await server.join({ name: 'playing' });
    const [droppedScore, playingScore] = [await scorePoints(dropped, 2), await scorePoints(playing, 2)];
    dropSocket(dropped);
    const ids = [playerIdOf(dropped), playerIdOf(playing)];
    // Keep the store open past shutdown to read it: reopen the same file afterwards instead.
    const file = (server.store as unknown as { db: { name: string } }).db.name;

    await server.server.gracefullyShutdown(false);

    const { SqliteLeaderboardStore } = await import('../src/persistence/SqliteLeaderboardStore.ts');
    const reopened = new SqliteLeaderboardStore(file);
    try {
      expect((await reopened.rowOf(daily, ids[0]!))?.score).toBeGreaterThanOrEqual(droppedScore);
      expect((await reopened.rowOf(daily, ids[1]!))?.score).toBeGreaterThanOrEqual(playingScore);
    } finally {
      await reopened.close();
      await server.close();
    }
  });
});
