import type { Room } from '@colyseus/sdk';
import { MatchMakeError } from '@colyseus/sdk';
import { ErrorCode as ColyseusErrorCode } from '@colyseus/core';
import { MODES, ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, type ArenaState } from '@orb-arena/shared';
import { afterEach, describe, expect, test } from 'vitest';
import { type JoinTarget } from '../../game-client/src/net/matchmaking.ts';
import { useTestServer, waitForState, type PlayerRoom } from './harness.ts';
import { joinAs, rejectionOf, waitForLobby, waitForMatch, watchLobby, type WatchedLobby } from './lobbyHelpers.ts';

const server = useTestServer();
const CLASSIC: JoinTarget = { kind: 'quick', mode: 'classic' };
const CODE = new RegExp(`^[${ROOM_CODE_ALPHABET}]{${ROOM_CODE_LENGTH}}$`);

let rooms: Room<unknown, ArenaState>[] = [];
let lobbies: WatchedLobby[] = [];

/** Joins through the client's matchmaking and leaves again after the test. */
async function join(name: string, target: JoinTarget, extra: { matchSeconds?: number } = {}) {
  const room = await joinAs(server, target, { name, ...extra });
  rooms.push(room);
  return room;
}

async function lobby(): Promise<WatchedLobby> {
  const watched = await watchLobby(server);
  lobbies.push(watched);
  return watched;
}

/** Waits (on patches) until `read(state)` equals `value`. */
function waitFor<T>(room: Room<unknown, ArenaState>, read: (state: ArenaState) => T, value: T): Promise<T> {
  return waitForState(room as PlayerRoom, read, (seen) => seen === value);
}

afterEach(async () => {
  await Promise.all(rooms.filter((room) => room.connection.isOpen).map((room) => room.leave()));
  await Promise.all(lobbies.map(({ lobby }) => lobby.leave()));
  rooms = [];
  lobbies = [];
});

describe('the live lobby', () => {
  test('lists a public match when it is created, follows joins and leaves, and drops it when it closes', async () => {
    const { lobby: list } = await lobby();
    expect(list.matches.size).toBe(0);

    const ann = await join('ann', CLASSIC);
    const created = await waitForMatch(list, ann.roomId, {
      what: 'with 1 player',
      accept: (m) => m.listing.players === 1,
    });
    expect(created.listing).toMatchObject({ mode: 'classic', maxPlayers: MODES.classic.maxPlayers, phase: 'playing' });
    expect(created.listing.phaseEndsAt).toBeGreaterThan(Date.now());

    const ben = await join('ben', CLASSIC);
    expect(ben.roomId).toBe(ann.roomId);
    await waitForMatch(list, ann.roomId, { what: 'with 2 players', accept: (m) => m.listing.players === 2 });

    await ben.leave();
    await waitForMatch(list, ann.roomId, { what: 'back to 1 player', accept: (m) => m.listing.players === 1 });

    await ann.leave();
    await waitForLobby(list, `${ann.roomId} gone`, (matches) => !matches.has(ann.roomId));
  });

  test('shows the phase change when a round ends', async () => {
    const { lobby: list } = await lobby();
    const cat = await join('cat', CLASSIC, { matchSeconds: 3 });
    await waitForMatch(list, cat.roomId, { what: 'playing round 1', accept: (m) => m.listing.phase === 'playing' });
    const results = await waitForMatch(list, cat.roomId, {
      what: 'in results',
      accept: (m) => m.listing.phase === 'results',
    });
    expect(results.listing.round).toBe(1);
    expect(results.listing.quickPlay).toBe(true);
  });
});

describe('quick play', () => {
  test('fills the fullest public room of the mode first', async () => {
    const small = await join('solo', { kind: 'private', mode: 'classic' }).then(async (privateRoom) => {
      // A private room with more players must not attract quick play: only public rooms are candidates.
      await join('friend', { kind: 'room', roomId: privateRoom.roomId });
      return join('lone', CLASSIC);
    });
    const client = await server.client();
    const busy = await client.create<ArenaState>('classic', { name: 'host' });
    rooms.push(busy);
    await join('guest', { kind: 'room', roomId: busy.roomId });

    const newcomer = await join('newcomer', CLASSIC);
    expect(newcomer.roomId).toBe(busy.roomId);
    expect(newcomer.roomId).not.toBe(small.roomId);
  });

  test('skips a room whose round ends within 20 s, and creates one if nothing else fits', async () => {
    const { lobby: list } = await lobby();
    // A 21-second round crosses the 20-second line after about a second of play.
    const ending = await join('early', CLASSIC, { matchSeconds: 21 });
    await join('second', { kind: 'room', roomId: ending.roomId });
    await waitForMatch(list, ending.roomId, { what: 'closed to quick play', accept: (m) => !m.listing.quickPlay });

    const late = await join('late', CLASSIC, { matchSeconds: 21 });
    expect(late.roomId).not.toBe(ending.roomId);
    // It is still joinable by id (a friend's link), only quick play passes it by.
    const friend = await join('friend', { kind: 'room', roomId: ending.roomId });
    expect(friend.roomId).toBe(ending.roomId);
  });

  test('keeps modes apart', async () => {
    const classic = await join('c', CLASSIC);
    const blitz = await join('b', { kind: 'quick', mode: 'blitz' });
    expect(blitz.roomId).not.toBe(classic.roomId);
    // One player: the blitz arena at its smallest side (it grows with the room up to its largest).
    await waitFor(blitz, (state) => state.arenaSize, MODES.blitz.world.minArenaSize);
    expect(blitz.state.mode).toBe('blitz');
  });
});

describe('private rooms', () => {
  test('get a short code, are joined by it, never listed, and keep their mode and round length', async () => {
    const watched = await lobby();
    const host = await join('host', { kind: 'private', mode: 'blitz', matchSeconds: 60 });
    expect(host.roomId).toMatch(CODE);
    const guest = await join('guest', { kind: 'room', roomId: host.roomId });
    expect(guest.roomId).toBe(host.roomId);
    await waitFor(guest, (state) => state.playerCount, 2);
    expect(guest.state.mode).toBe('blitz');
    expect(guest.state.secondsLeft).toBeLessThanOrEqual(60);

    // Quick play in the same mode does not find it.
    const stranger = await join('stranger', { kind: 'quick', mode: 'blitz' });
    expect(stranger.roomId).not.toBe(host.roomId);
    // The lobby saw the public room made after it, and never the private one.
    await waitForMatch(watched.lobby, stranger.roomId);
    expect(watched.seen.has(host.roomId)).toBe(false);
  });

  test('a wrong or expired code is refused with a clear message', async () => {
    const wrong = await rejectionOf(joinAs(server, { kind: 'room', roomId: 'ZZZZZZ' }, { name: 'lost' }));
    expect(wrong).toBeInstanceOf(MatchMakeError);
    expect((wrong as MatchMakeError).code).toBe(ColyseusErrorCode.MATCHMAKE_INVALID_ROOM_ID);
    expect(wrong.message).toBe('room "ZZZZZZ" not found');

    const host = await join('host', { kind: 'private', mode: 'classic' });
    const code = host.roomId;
    await host.leave();
    // The harness disposes empty rooms at once; from then on the code leads nowhere.
    const expired = await rejectionOf(joinAs(server, { kind: 'room', roomId: code }, { name: 'late' }));
    expect(expired.message).toBe(`room "${code}" not found`);
  });
});

describe('capacity per mode', () => {
  test('a blitz room seats 12 players, the 13th is refused by id and sent elsewhere by quick play', async () => {
    const first = await join('b0', { kind: 'quick', mode: 'blitz' });
    for (let i = 1; i < MODES.blitz.maxPlayers; i++) await join(`b${i}`, { kind: 'room', roomId: first.roomId });
    await waitFor(first, (state) => state.playerCount, 12);

    const refused = await rejectionOf(joinAs(server, { kind: 'room', roomId: first.roomId }, { name: 'b12' }));
    expect(refused.message).toBe(`room "${first.roomId}" is locked`);
    const overflow = await join('b12', { kind: 'quick', mode: 'blitz' });
    expect(overflow.roomId).not.toBe(first.roomId);

    // The same 13th player fits in a classic room.
    const classic = await join('c0', CLASSIC);
    for (let i = 1; i <= MODES.blitz.maxPlayers; i++) await join(`c${i}`, { kind: 'room', roomId: classic.roomId });
    await waitFor(classic, (state) => state.playerCount, 13);
  });
});
