import { Decoder, Encoder } from '@colyseus/schema';
import { describe, expect, test } from 'vitest';
import { ARENA_SIZE, POSITION_STEP } from '../constants.ts';
import { buildMoveInput } from '../protocol/input.ts';
import { snapToGrid } from '../sim/geometry.ts';
import { stepWorld } from '../sim/step.ts';
import { addPlayer, createWorld } from '../sim/world.ts';
import { ArenaState, LeaderEntry, MoveInputPacket, Orb, OWNER_VIEW_TAG, Player } from './ArenaState.ts';
import { connect, sendFullState, sendPatch, type TestClient } from './patchDelivery.ts';

/** Either way of delivering state to a client; both must filter the same. */
const DELIVERIES = {
  patch: (encoder: Encoder<ArenaState>, client: TestClient) => sendPatch(encoder, [client]),
  'full state': sendFullState,
};
const deliveries = Object.entries(DELIVERIES).map(([name, deliver]) => ({ name, deliver }));

/** Every POSITION_STEP grid point from 0 to ARENA_SIZE inclusive. */
const GRID_POINTS = ARENA_SIZE / POSITION_STEP + 1;
/** Orbs moved per patch: keeps each message small, like real patches. */
const BATCH = 500;

describe('16-bit quantized positions', () => {
  test.each(deliveries)('every 1/16 grid point across the arena decodes to exactly itself ($name)', ({ deliver }) => {
    const state = new ArenaState();
    const orbs = Array.from({ length: BATCH }, (_, i) => {
      const orb = new Orb();
      state.orbs.set(`o${i}`, orb);
      return orb;
    });
    const encoder = new Encoder(state);
    const mismatches: string[] = [];
    for (let first = 0; first < GRID_POINTS; first += BATCH) {
      const expected = orbs.map((orb, i) => {
        const x = Math.min(first + i, GRID_POINTS - 1) * POSITION_STEP;
        Object.assign(orb, { x, y: ARENA_SIZE - x });
        return { x, y: ARENA_SIZE - x };
      });
      const client = connect(); // a fresh client per batch, as if it just joined
      for (const orb of orbs) client.view.add(orb);
      deliver(encoder, client);
      expected.forEach((want, i) => {
        const got = client.decoder.state.orbs.get(`o${i}`)?.toJSON();
        if (got?.x !== want.x || got.y !== want.y) mismatches.push(`${JSON.stringify(want)} -> ${JSON.stringify(got)}`);
      });
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  test('positions from a running simulation decode equal to the sim values, patch after patch', () => {
    const world = createWorld(31);
    const ids = ['a', 'b', 'c', 'd'];
    for (const id of ids) addPlayer(world, id, id);
    const state = new ArenaState();
    for (const orb of world.orbs) state.orbs.set(String(orb.id), new Orb({ x: orb.x, y: orb.y }));
    for (const player of world.players.values()) state.players.set(player.id, new Player({ x: player.x, y: player.y }));
    const encoder = new Encoder(state);
    const client = connect();
    state.orbs.forEach((orb) => client.view.add(orb));
    state.players.forEach((player) => client.view.add(player));
    sendFullState(encoder, client);

    for (let tick = 0; tick < 60; tick++) {
      const inputs = new Map(
        ids.map((id, i) => [id, [buildMoveInput(Math.cos(tick / 9 + i), Math.sin(tick / 7 - i))]]),
      );
      const events = stepWorld(world, inputs);
      for (const orb of events.movedOrbs) Object.assign(state.orbs.get(String(orb.id))!, { x: orb.x, y: orb.y });
      for (const p of world.players.values()) Object.assign(state.players.get(p.id)!, { x: p.x, y: p.y });
      sendPatch(encoder, [client]);
      for (const p of world.players.values()) {
        expect(client.decoder.state.players.get(p.id)).toMatchObject({ x: p.x, y: p.y });
      }
    }
    const decodedOrbs = world.orbs.map((orb) => client.decoder.state.orbs.get(String(orb.id))?.toJSON());
    expect(decodedOrbs).toEqual(world.orbs.map(({ x, y }) => ({ x, y })));
  });

  test('a position off the grid does not survive: the sim must snap before it syncs', () => {
    const state = new ArenaState();
    state.orbs.set('o', new Orb({ x: 100.03, y: 7.01 }));
    const client = connect();
    const encoder = new Encoder(state);
    client.view.add(state.orbs.get('o')!);
    sendFullState(encoder, client);
    expect(client.decoder.state.orbs.get('o')!.toJSON()).toEqual({ x: snapToGrid(100.03), y: snapToGrid(7.01) });
  });
});

describe('views', () => {
  test('a client decodes only the orbs its view added, and loses one its view removed', () => {
    const state = new ArenaState();
    for (const key of ['o1', 'o2', 'o3']) state.orbs.set(key, new Orb({ x: 10, y: 20 }));
    const encoder = new Encoder(state);
    const [near, far, blind] = [connect(), connect(), connect()];
    near.view.add(state.orbs.get('o1')!);
    far.view.add(state.orbs.get('o2')!);
    far.view.add(state.orbs.get('o3')!);
    sendPatch(encoder, [near, far, blind]);
    const keys = (client: TestClient) => [...client.decoder.state.orbs.keys()].sort();
    expect([keys(near), keys(far), keys(blind)]).toEqual([['o1'], ['o2', 'o3'], []]);

    state.orbs.get('o2')!.x = 500;
    far.view.remove(state.orbs.get('o3')!);
    sendPatch(encoder, [near, far, blind]);
    expect([keys(near), keys(far), keys(blind)]).toEqual([['o1'], ['o2'], []]);
    expect(far.decoder.state.orbs.get('o2')!.x).toBe(500);
  });

  test.each(deliveries)(
    'score and rank decode only for the view that added the player as owner ($name)',
    ({ deliver }) => {
      const state = new ArenaState();
      const mine = new Player({ name: 'me', x: 12.625, y: 3987.5, mass: 20, score: 42, rank: 3 });
      const theirs = new Player({ name: 'them', x: 0.0625, y: 4000, mass: 30, score: 7, rank: 1 });
      state.players.set('me', mine);
      state.players.set('them', theirs);
      const encoder = new Encoder(state);
      const client = connect();
      client.view.add(mine, OWNER_VIEW_TAG);
      client.view.add(theirs);
      deliver(encoder, client);

      const decoded = client.decoder.state.players;
      expect(decoded.get('me')!.toJSON()).toEqual(mine.toJSON());
      expect(decoded.get('me')).toMatchObject({ score: 42, rank: 3 });
      expect(decoded.get('them')!.toJSON()).toEqual({
        name: 'them',
        x: 0.0625,
        y: 4000,
        mass: 30,
        alive: true,
        hue: 0,
        shielded: false,
        bot: false,
      });
      expect(decoded.get('them')!.score).toBeUndefined();
      expect(decoded.get('them')!.rank).toBeUndefined();
    },
  );

  test('a later score change reaches the owner and still no one else', () => {
    const state = new ArenaState();
    const a = new Player({ name: 'a', score: 1, rank: 2 });
    const b = new Player({ name: 'b', score: 5, rank: 1 });
    state.players.set('a', a);
    state.players.set('b', b);
    const encoder = new Encoder(state);
    const [ownerA, ownerB] = [connect(), connect()];
    ownerA.view.add(a, OWNER_VIEW_TAG);
    ownerA.view.add(b);
    ownerB.view.add(b, OWNER_VIEW_TAG);
    ownerB.view.add(a);
    sendPatch(encoder, [ownerA, ownerB]);
    Object.assign(a, { score: 60, rank: 1 });
    Object.assign(b, { rank: 2 });
    sendPatch(encoder, [ownerA, ownerB]);
    expect(ownerA.decoder.state.players.get('a')).toMatchObject({ score: 60, rank: 1 });
    expect(ownerB.decoder.state.players.get('b')).toMatchObject({ score: 5, rank: 2 });
    expect(ownerB.decoder.state.players.get('a')!.score).toBeUndefined();
    expect(ownerA.decoder.state.players.get('b')!.rank).toBeUndefined();
  });

  test('public fields reach a client whose view added nothing', () => {
    const state = new ArenaState();
    state.leaderboard.push(new LeaderEntry({ id: 'x', name: 'Xena', score: 99, rank: 1 }));
    // The room's own fields, each away from its default so its arrival shows.
    const roomFields = {
      phase: 'results',
      round: 3,
      secondsLeft: 8,
      playerCount: 12,
      watcherCount: 2,
      arenaSize: 1600,
      arenaTarget: 1400,
      mode: 'blitz',
    };
    Object.assign(state, roomFields);
    state.players.set('x', new Player({ name: 'Xena' }));
    const encoder = new Encoder(state);
    const client = connect();
    sendPatch(encoder, [client]);
    expect(client.decoder.state.toJSON()).toEqual({
      players: {},
      orbs: {},
      leaderboard: [{ id: 'x', name: 'Xena', score: 99, x: 0, y: 0, bot: false, rank: 1 }],
      ...roomFields,
    });
  });
});

test.each([
  [0, 0],
  [1, 0],
  [-1, -1],
  [0.3, -0.9],
])('the int8 input packet carries buildMoveInput(%d, %d) exactly', (dx, dy) => {
  const input = buildMoveInput(dx, dy);
  const encoder = new Encoder(new MoveInputPacket(input));
  const decoder = new Decoder(new MoveInputPacket());
  decoder.decode(encoder.encodeAll());
  expect(decoder.state.toJSON()).toEqual(input);
});
