import { ClientState, SchemaSerializer, type Client } from '@colyseus/core';
import { Decoder } from '@colyseus/schema';
import {
  ArenaState,
  Player,
  addPlayer,
  buildMoveInput,
  createStepEvents,
  createWorld,
  stepWorld,
  type MoveInput,
} from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { ArenaRoom } from '../src/rooms/ArenaRoom.ts';
import { InterestManager } from '../src/rooms/InterestManager.ts';
import { TimedPatchSerializer } from '../src/rooms/TimedPatchSerializer.ts';
import { createOrbEntities, syncMatch, syncOrbs, syncPlayer, syncPlayers } from '../src/rooms/projection.ts';

const PLAYERS = ['a', 'b', 'c', 'd', 'e', 'f'];

/** A room's state, views and a client per player, driven by the same seeded game, with one serializer. */
function createRoom(serializer: SchemaSerializer<ArenaState>) {
  const world = createWorld(4242);
  const state = new ArenaState();
  const orbKeys = world.orbs.map((orb) => String(orb.id));
  createOrbEntities(world, state, orbKeys);
  serializer.reset(state);
  const interest = new InterestManager({ state, world, orbKeys });
  const frames = new Map<string, Uint8Array[]>();
  const clients = PLAYERS.map((id, i) => {
    const entity = new Player();
    syncPlayer(addPlayer(world, id, id), entity);
    state.players.set(id, entity);
    interest.addPlayer(id);
    frames.set(id, []);
    return {
      sessionId: id,
      // The last client is still joining: it must get nothing.
      state: i === PLAYERS.length - 1 ? ClientState.JOINING : ClientState.JOINED,
      // The fifth client shares the fourth one's view.
      view: i === 4 ? interest.viewOf(PLAYERS[3]!) : interest.watch(id),
      raw: (data: Uint8Array) => frames.get(id)!.push(Uint8Array.from(data)),
      _inputBuffer: { ackSeq: 100 + i },
    } as unknown as Client;
  });
  const events = createStepEvents();
  return {
    frames,
    clients,
    /** Steps the game (every player steering its own way), then sends a patch timed at `sNow`. */
    patch(step: number, sNow: number): void {
      const inputs = new Map<string, MoveInput[]>(
        PLAYERS.map((id, i) => [id, [buildMoveInput(Math.cos(step / 5 + i), Math.sin(step / 3 - i))]]),
      );
      stepWorld(world, inputs, events);
      syncPlayers(world, state);
      syncOrbs(events.movedOrbs, state, orbKeys);
      syncMatch(world, state);
      interest.update();
      serializer.applyPatches(clients, state, { sNow });
    },
    fullState: (index: number) => serializer.getFullState(clients[index], { sNow: 0 }),
  };
}

describe('TimedPatchSerializer', () => {
  test("sends every client the same bytes as Colyseus's own serializer, patch after patch", () => {
    const colyseus = createRoom(new SchemaSerializer<ArenaState>());
    const ours = createRoom(new TimedPatchSerializer<ArenaState>());
    for (let step = 0; step < 120; step++) {
      colyseus.patch(step, step * 50);
      ours.patch(step, step * 50);
    }
    expect(ours.frames).toEqual(colyseus.frames);
    // Not vacuous: every joined client got a frame per patch, with its own ack; the joining one none.
    expect(PLAYERS.map((id) => ours.frames.get(id)!.length)).toEqual([120, 120, 120, 120, 120, 0]);
    expect(Buffer.from(ours.frames.get('b')![7]!).readUInt32LE(5)).toBe(101);
  });

  test('hands each view a new, empty changes map after every patch, and keeps no frame past its patch', () => {
    const serializer = new TimedPatchSerializer<ArenaState>();
    const room = createRoom(serializer);
    const views = room.clients.map((client) => client.view!);
    let previous = views.map((view) => view.changes);
    for (let step = 0; step < 30; step++) {
      room.patch(step, step * 50);
      const joined = views.slice(0, 5);
      // Long-lived maps cleared every patch would get their new tables in V8's old generation.
      expect(joined.every((view, i) => view.changes.size === 0 && view.changes !== previous[i])).toBe(true);
      expect(
        (serializer as unknown as { framesByViewId: unknown[] }).framesByViewId.every((f) => f === undefined),
      ).toBe(true);
      previous = views.map((view) => view.changes);
    }
    // The joining client's view is not encoded: its changes wait for its first patch, in place.
    expect(views[5]!.changes).toBe(previous[5]);
  });

  test('a client decodes from its patches the players its view shows, where they are', () => {
    /** What client 'a' holds after its full state and 60 patches from a room with `serializer`. */
    const decodedBy = (serializer: SchemaSerializer<ArenaState>) => {
      const room = createRoom(serializer);
      const decoder = new Decoder(new ArenaState());
      // A TIMED frame: [code][sNow][ack][body]; the body is what the decoder reads.
      decoder.decode(room.fullState(0).subarray(9));
      for (let step = 0; step < 60; step++) {
        room.patch(step, step * 50);
        decoder.decode(room.frames.get('a')!.at(-1)!.subarray(9));
      }
      return decoder;
    };
    const decoder = decodedBy(new TimedPatchSerializer<ArenaState>());
    const reference = decodedBy(new SchemaSerializer<ArenaState>());
    expect(decoder.state.toJSON()).toEqual(reference.state.toJSON());
    expect(decoder.state.players.get('a')).toBeDefined();
  });

  test('the arena room sends its patches through it, with its state in that one encoder', () => {
    const room = new ArenaRoom();
    // What the matchmaker calls before onCreate: it hands the state to a serializer.
    (room as unknown as { __init: () => void }).__init();
    room.patchRate = null; // no patch timer: the room never gets its onCreate here
    const serializer = (room as unknown as { _serializer: unknown })._serializer;
    expect(serializer).toBeInstanceOf(TimedPatchSerializer);
    expect((serializer as { encoder: { state: unknown } }).encoder.state).toBe(room.state);
  });
});
