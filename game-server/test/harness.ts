import type { Client, Room } from '@colyseus/sdk';
import type { Server } from '@colyseus/core';
import {
  leadersByRank,
  ARENA_ROOM,
  TICK_HZ,
  batchInputsTo,
  type InputBatcher,
  buildSteerInput,
  type ArenaState,
  type JoinOptions,
  type MoveInput,
  type Player,
} from '@orb-arena/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createGameClient, guestIdOf } from '../../game-client/src/net/gameClient.ts';
import { spectateRoom } from '../../game-client/src/net/spectate.ts';
import { createGameServer, type GameServerOptions } from '../src/app.ts';
import type { LeaderboardStore } from '../src/persistence/LeaderboardStore.ts';
import { SqliteLeaderboardStore } from '../src/persistence/SqliteLeaderboardStore.ts';
import type { ArenaRoom } from '../src/rooms/ArenaRoom.ts';

/*
 * Integration-test helpers. Everything waits on events (patches, messages, leaves), never on sleeps.
 * A throw inside an SDK or timer callback is uncaught, and the server under test registers an
 * uncaughtException hook that shuts it down, so callbacks here turn throws into rejections.
 */

/** A client's side of an arena room, typed by the server's room class (state and messages). */
export type PlayerRoom = Room<ArenaRoom, ArenaState>;

/** A real game server listening on a free loopback port, and a way to reach it. */
export interface TestServer {
  server: Server;
  /** The leaderboard store scores go to: options.store, else a SQLite file in a temporary folder. */
  store: LeaderboardStore;
  port: number;
  endpoint: string;
  /** A new SDK client pointed at this server, signed in as a new guest. */
  client: () => Promise<Client>;
  /** Joins (or creates) an arena room as `name` with extra options; leaveAll() will leave it. */
  join: (options: JoinOptions) => Promise<PlayerRoom>;
  /** Takes a spectator seat in room `roomId` (the server's spectate method); leaveAll() will leave it. */
  spectate: (roomId: string, options: { name: string }) => Promise<PlayerRoom>;
  /** Leaves every room joined through join() that is still connected (call it in afterEach). */
  leaveAll: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The test file's server: beforeAll starts it, afterEach leaves every room joined through it, afterAll
 * closes it. The returned object forwards to the running server (use it inside tests and hooks only).
 */
export function useTestServer(options: GameServerOptions = {}): TestServer {
  let running: TestServer | undefined;
  beforeAll(async () => {
    running = await startTestServer(options);
  });
  afterEach(() => running?.leaveAll());
  afterAll(() => running?.close());
  return new Proxy({} as TestServer, {
    get(_target, key: keyof TestServer) {
      if (!running) throw new Error('the test server is not running yet: use it inside a test or hook');
      return running[key];
    },
  });
}

/** Per-address limits that let one address act as a crowd of players (tests, bots, benchmarks). */
export const LOOPBACK_CROWD_LIMITS = {
  roomsPerAddressPerMinute: 100_000,
  guestsPerAddressPerMinute: 100_000,
  wrongRoomIdsPerAddressPerMinute: 100_000,
  socketsPerAddress: 100_000,
  reservationsPerAddress: 100_000,
};

/**
 * Starts a server on port 0 (the OS picks a free one) and returns once it accepts connections. Filler
 * bots are off unless `options.settings.fillerBots` asks for them, so tests see only their own players.
 * Without options.store, scores go to a SQLite file in a temporary folder that close() removes.
 */
export async function startTestServer(options: GameServerOptions = {}): Promise<TestServer> {
  const dataDir = options.store ? undefined : mkdtempSync(join(tmpdir(), 'orb-test-'));
  const store = options.store ?? new SqliteLeaderboardStore(join(dataDir!, 'leaderboard.sqlite'));
  // Empty rooms go at once (no grace) unless a test asks: each test then starts in a fresh room.
  const settings = { emptyRoomGraceSeconds: 0, fillerBots: 0, ...options.settings };
  const server = createGameServer({
    clientDir: null,
    ...options,
    settings,
    store,
    // Every test (and the load-test smoke) plays from 127.0.0.1, many clients and a fresh room per
    // test; the per-address production defaults are exercised by test/security/, not by every file.
    security: { ...LOOPBACK_CROWD_LIMITS, ...options.security },
  });
  await server.listen(0, '127.0.0.1');
  const httpServer = (server.transport as unknown as { server: HttpServer }).server;
  const port = (httpServer.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = () => createGameClient(endpoint, { identity: 'fresh' });
  const joined = new Set<PlayerRoom>();
  return {
    server,
    store,
    port,
    endpoint,
    client,
    join: async (joinOptions) => {
      const guest = await client();
      const room = await guest.joinOrCreate<ArenaRoom>(ARENA_ROOM, joinOptions);
      guestIds.set(room, guestIdOf(guest)!);
      // Tests listen for the messages they check; the rest (chat, the event feed) is not a warning.
      (room as unknown as { onMessage(type: '*', callback: () => void): void }).onMessage('*', () => undefined);
      joined.add(room);
      return room;
    },
    spectate: async (roomId, spectateOptions) => {
      const room = (await spectateRoom<ArenaState>(await client(), roomId, spectateOptions)) as unknown as PlayerRoom;
      (room as unknown as { onMessage(type: '*', callback: () => void): void }).onMessage('*', () => undefined);
      joined.add(room);
      return room;
    },
    leaveAll: async () => {
      const open = [...joined].filter((room) => room.connection.isOpen);
      joined.clear();
      await Promise.all(open.map((room) => room.leave()));
    },
    close: async () => {
      await server.gracefullyShutdown(false);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const guestIds = new WeakMap<PlayerRoom, string>();

/** The guest player id a room joined through TestServer.join() signed in as (its leaderboard id). */
export function playerIdOf(room: PlayerRoom): string {
  const id = guestIds.get(room);
  if (!id) throw new Error(`room ${room.roomId} was not joined through TestServer.join()`);
  return id;
}

/** Cuts the client's socket without a close frame and without SDK reconnection: a drop, for the server. */
export function dropSocket(room: PlayerRoom): void {
  room.reconnection.enabled = false;
  (room.connection.transport as unknown as { ws: { terminate(): void } }).ws.terminate();
}

/** Resolves with the first value of `read()` that `accept` takes, checked now and after every state patch. */
export function waitForState<T>(
  room: PlayerRoom,
  read: (state: ArenaState) => T,
  accept: (value: T) => boolean,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const check = (): boolean => {
      // Before the first full state the root exists (from the handshake) but its collections don't. The
      // public leaderboard comes with the first state; `players` only once the view holds one (a
      // spectator may see none).
      if (done || room.state?.leaderboard === undefined) return done;
      try {
        const value = read(room.state);
        if (!accept(value)) return false;
        resolve(value);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
      done = true;
      return true;
    };
    if (check()) return;
    let removing = false;
    const onChange = () => {
      // Removing inside the signal's own dispatch loop could skip a sibling handler, so defer it, and
      // only once: the SDK's remove() of a handler no longer registered removes the last one instead,
      // and two frames in one socket read dispatch twice before the microtask runs.
      if (!check() || removing) return;
      removing = true;
      queueMicrotask(() => room.onStateChange.remove(onChange));
    };
    room.onStateChange(onChange);
  });
}

/** Resolves after `count` more state patches have been applied. */
export async function waitForPatches(room: PlayerRoom, count: number): Promise<void> {
  let seen = -1; // the first read is the check on the state as it stands, before any new patch
  await waitForState(
    room,
    () => ++seen,
    (n) => n >= count,
  );
}

/** This client's own player as decoded (always in its view once the first state arrived). */
export function ownPlayer(room: PlayerRoom): Player | undefined {
  return room.state?.players?.get(room.sessionId);
}

/** Waits for the own player and returns a snapshot of its public fields. */
export async function waitForOwnPlayer(room: PlayerRoom): Promise<{ x: number; y: number; mass: number }> {
  const player = await waitForState(
    room,
    () => ownPlayer(room),
    (p) => p !== undefined,
  );
  return { x: player!.x, y: player!.y, mass: player!.mass };
}

/** Resolves with the payload of the next message of `type`. */
export function waitForMessage<T>(room: PlayerRoom, type: string): Promise<T> {
  return new Promise((resolve) => {
    const off = room.onMessage(type, (message: T) => {
      off();
      resolve(message);
    });
  });
}

/** Resolves with the close code when the client leaves the room (register it before the cause). */
export function waitForLeave(room: PlayerRoom): Promise<number> {
  return new Promise((resolve) => room.onLeave.once((code) => resolve(code)));
}

/** The subset of the client's WebSocket (ws in Node, the DOM one in browsers) the tests touch. */
export interface RawSocket {
  send(data: Uint8Array | string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The socket under the SDK room, to count frames or write bytes the SDK would never send. */
export function rawSocket(room: PlayerRoom): RawSocket {
  return (room.connection.transport as unknown as { ws: RawSocket }).ws;
}

const batchers = new WeakMap<PlayerRoom, InputBatcher>();

/**
 * The room's input sender, batching exactly as the game client does (InputBatcher: one `push` per
 * tick, a bytes message every INPUT_SEND_EVERY_TICKS pushes; `flush` sends a half-full batch now).
 */
export function moveInput(room: PlayerRoom): InputBatcher {
  let batcher = batchers.get(room);
  if (!batcher) batchers.set(room, (batcher = batchInputsTo(room)));
  return batcher;
}

/** Seq of the last input the server applied to the state: the ack riding on every patch. */
export function ackedInput(room: PlayerRoom): number {
  return room.input().lastProcessed;
}

/** Sends a message without the room's typing, to deliver what no honest client would. */
export function sendUntyped(room: PlayerRoom, type: string | number, payload?: unknown): void {
  (room as unknown as { send(type: string | number, payload?: unknown): void }).send(type, payload);
}

/** Steering that decides one input per tick from the own player (called only once it is decoded). */
export type Steer = (own: Player) => MoveInput;

/**
 * Sends one input per tick (like a client's game loop) until the returned stop() is called. stop()
 * rethrows anything `steer` threw, so a broken test callback fails the test instead of the server.
 */
export function driveInput(room: PlayerRoom, steer: Steer): () => void {
  const input = moveInput(room);
  let failure: unknown;
  const timer = setInterval(() => {
    const own = ownPlayer(room);
    if (!own || !room.connection.isOpen) return;
    try {
      input.push(steer(own));
    } catch (error) {
      failure = error;
      clearInterval(timer);
    }
  }, 1000 / TICK_HZ);
  return () => {
    clearInterval(timer);
    if (failure instanceof Error) throw failure;
    if (failure !== undefined) throw new Error(`steering failed: ${JSON.stringify(failure)}`);
  };
}

/** Drives `room` with `steer` until `until` settles, then stops sending. */
export async function whileDriving<T>(room: PlayerRoom, steer: Steer, until: Promise<T>): Promise<T> {
  const stop = driveInput(room, steer);
  try {
    return await until;
  } finally {
    stop();
  }
}

/** Steering toward the nearest orb this client can see (standing still when it sees none). */
export function steerToNearestOrb(room: PlayerRoom): Steer {
  return (own) => {
    let best: { x: number; y: number } | undefined;
    let bestDistance = Infinity;
    room.state.orbs?.forEach((orb) => {
      const distance = (orb.x - own.x) ** 2 + (orb.y - own.y) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = orb;
      }
    });
    return best ? buildSteerInput(own, best, 0) : { x: 0, y: 0 };
  };
}

/** The ids in the live leaderboard, best first. */
export function leaderboardIds(state: ArenaState): string[] {
  return leadersByRank(state.leaderboard).map((entry) => entry.id);
}

/** Sends `count` inputs of (x, y), one per tick, and resolves once the server acknowledged all of them. */
export async function sendInputs(room: PlayerRoom, axes: { x: number; y: number }, count: number): Promise<number> {
  const input = moveInput(room);
  const target = input.lastSeq + count;
  let sent = 0;
  const timer = setInterval(() => {
    input.push(axes);
    if (++sent < count) return;
    input.flush();
    clearInterval(timer);
  }, 1000 / TICK_HZ);
  try {
    // The ack rides on the same frame as the patch, so the decoded state already includes every input.
    await waitForState(
      room,
      () => ackedInput(room),
      (acked) => acked >= target,
    );
  } finally {
    clearInterval(timer);
  }
  return target;
}
