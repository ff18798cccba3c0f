import { $refId, Encoder } from '@colyseus/schema';
import { ArenaState, Orb, Player } from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { ENTITY_REUSE_TICKS, EntityPool } from '../src/rooms/EntityPool.ts';
import { connect, sendPatch } from '../../shared/src/schema/patchDelivery.ts';

const refIdOf = (entity: object) => (entity as { [$refId]: number })[$refId];

/** A state whose encoder exists, one player refId reserved before 400 orbs, as ArenaRoom does. */
function setUp() {
  const state = new ArenaState();
  const encoder = new Encoder(state);
  let tick = 0;
  const pool = new EntityPool({ create: () => new Player(), now: () => tick });
  pool.reserveRefIds(state, 1);
  for (let i = 0; i < 400; i++) state.orbs.set(String(i), new Orb());
  const viewer = connect();
  const enter = (id: string, name: string) => {
    const entity = pool.take();
    entity.name = name;
    state.players.set(id, entity);
    viewer.view.add(entity);
    return entity;
  };
  const leave = (id: string) => {
    const entity = state.players.get(id)!;
    state.players.delete(id);
    pool.release(entity);
  };
  const send = () => sendPatch(encoder, [viewer]);
  return { state, pool, viewer, enter, leave, send, advance: (ticks: number) => (tick += ticks) };
}

describe('EntityPool', () => {
  test('players joining after the orbs were created still get the refIds reserved before them', () => {
    const { state, enter, send } = setUp();
    const first = enter('a', 'alice');
    send();
    const orbIds = [...state.orbs.values()].map(refIdOf);

    expect(refIdOf(first)).toBeLessThan(Math.min(...orbIds));
    expect(refIdOf(first)).toBeLessThan(128);
  });

  test('reuses a released entity only after ENTITY_REUSE_TICKS, and the client sees the newcomer whole', () => {
    const { viewer, enter, leave, send, advance } = setUp();
    const alice = enter('a', 'alice');
    alice.mass = 321;
    alice.score = 99;
    send();
    leave('a');
    send();
    expect(viewer.decoder.state.players.has('a')).toBe(false);

    advance(ENTITY_REUSE_TICKS - 1);
    const early = enter('b', 'bob');
    expect(early).not.toBe(alice);
    advance(1);
    const carol = enter('c', 'carol');
    send();

    expect(carol).toBe(alice);
    expect(refIdOf(carol)).toBe(refIdOf(alice));
    // The reused entity decodes exactly as the fresh one does (mass, score... back at their defaults).
    const decoded = (id: string) => ({ ...viewer.decoder.state.players.get(id)?.toJSON(), name: '' });
    expect(decoded('c')).toEqual(decoded('b'));
    expect(viewer.decoder.state.players.get('c')?.name).toBe('carol');
    expect([...viewer.decoder.state.players.keys()].sort()).toEqual(['b', 'c']);
  });

  test('a reused entity is not shown to a view that saw it before until that view adds it again', () => {
    const { state, viewer, pool, leave, send, advance } = setUp();
    const entity = pool.take();
    state.players.set('a', entity);
    viewer.view.add(entity);
    send();
    leave('a');
    send();
    advance(ENTITY_REUSE_TICKS);

    const reused = pool.take();
    state.players.set('far', reused);
    send();

    expect(reused).toBe(entity);
    expect(viewer.decoder.state.players.size).toBe(0);
  });
});
