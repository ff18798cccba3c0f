/**
 * `npm run bench:patch`: what one patch of a full room costs the server, in this process, split into
 * its parts. Each room is the real thing minus the network: a shared World with filler-bot brains
 * stepped at TICK_HZ, the real projection (projection.ts), the real InterestManager with one real
 * StateView per player, and Colyseus's own SchemaSerializer.applyPatches at PATCH_HZ. Clients are
 * `raw()` sinks (`--send sink`) or real `ws` sockets over loopback (`--send ws`).
 *
 * Per patch (µs, median and mean over the measured patches of every room):
 * - interest: InterestManager.update (view.add/remove);
 * - shared: the encoder's shared pass (public fields, once per patch);
 * - viewDrain: draining each view's own changes (view.add/remove since the last patch);
 * - viewWalk: each view's pass over the room's whole change queue (filtered fields);
 * - concat: copying the shared and the view part into one buffer per client (replayed: the same
 *   allocation and copies, timed outside the encoder);
 * - send: client.raw() (the sink, or ws framing and the socket write);
 * - discard: the encoder's discardChanges after the patch;
 * - rest: applyPatches minus the above (the timed frame built per client, the loop).
 * The bench's own counting and the concat replay are taken out of the total.
 * Variants (`--variants`) run side by side, one patch each in turn, on the same seeded game.
 * Options: --rooms N (per variant, default 2) --players N (default 50) --patches N (measured, default
 * 1200) --warmup N (default 300) --send sink|ws --variants baseline,timedInPlace,directWrite --seed N.
 */
import '../../game-server/src/polyfill.ts';
import { ClientState, SchemaSerializer, type Client } from '@colyseus/core';
import type { Encoder, StateView } from '@colyseus/schema';
import { parseArgs } from 'node:util';
import { WebSocket, WebSocketServer } from 'ws';
import {
  ArenaState,
  Player,
  LEADERBOARD_EVERY_TICKS,
  PATCH_HZ,
  TICK_HZ,
  addPlayer,
  createStepEvents,
  createWorld,
  decideMove,
  seenFrom,
  stepWorld,
  type MoveInput,
  type World,
} from '@orb-arena/shared';
import { TimedPatchSerializer } from '../../game-server/src/rooms/TimedPatchSerializer.ts';
import { InterestManager } from '../../game-server/src/rooms/InterestManager.ts';
import {
  createOrbEntities,
  syncLeaderboard,
  syncMatch,
  syncOrbs,
  syncPlayer,
  syncPlayers,
} from '../../game-server/src/rooms/projection.ts';
import { EntityPool } from '../../game-server/src/rooms/EntityPool.ts';

const { values } = parseArgs({
  options: {
    rooms: { type: 'string', default: '2' },
    players: { type: 'string', default: '50' },
    patches: { type: 'string', default: '1200' },
    warmup: { type: 'string', default: '300' },
    send: { type: 'string', default: 'sink' },
    variants: { type: 'string', default: 'baseline' },
    seed: { type: 'string', default: '20261130' },
  },
});
const ROOMS = Number(values.rooms);
const PLAYERS = Number(values.players);
const PATCHES = Number(values.patches);
const WARMUP = Number(values.warmup);
const SEND = values.send === 'ws' ? 'ws' : 'sink';
const SEED = Number(values.seed);

/** The parts of a patch, µs each. */
const PARTS = ['interest', 'shared', 'viewDrain', 'viewWalk', 'concat', 'send', 'discard', 'rest', 'total'] as const;
type Part = (typeof PARTS)[number];

/** A variant of the patch path: its serializer (the baseline is Colyseus's own). */
interface Variant {
  name: string;
  serializer: () => SchemaSerializer<ArenaState>;
  /** Writes each frame to the TCP socket in one call, the WebSocket header in the same buffer. */
  directWrite?: boolean;
}

/**
 * baseline: Colyseus's SchemaSerializer; timedInPlace: ours (TimedPatchSerializer.ts); directWrite:
 * ours, and each frame written straight to the TCP socket with its WebSocket header in the same buffer
 * (bypassing ws's Sender: what ws's framing and two-buffer write cost, measured, not adopted).
 */
const VARIANTS: Record<string, Variant> = {
  baseline: { name: 'baseline', serializer: () => new SchemaSerializer<ArenaState>() },
  timedInPlace: { name: 'timedInPlace', serializer: () => new TimedPatchSerializer<ArenaState>() },
  directWrite: { name: 'directWrite', serializer: () => new TimedPatchSerializer<ArenaState>(), directWrite: true },
};

interface BenchClient {
  client: Client;
  bytes: number;
}

interface BenchRoom {
  world: World;
  state: ArenaState;
  interest: InterestManager;
  serializer: SchemaSerializer<ArenaState>;
  clients: BenchClient[];
  ticks: number;
  orbKeys: string[];
  events: ReturnType<typeof createStepEvents>;
  inputs: Map<string, MoveInput[]>;
}

/** Timings of the current patch, filled by the wrappers below. */
const current: Record<Part, number> = Object.fromEntries(PARTS.map((part) => [part, 0])) as Record<Part, number>;
const counts = { changeTrees: 0, visibleTrees: 0, views: 0, frames: 0, frameBytes: 0, viewEntries: 0 };

/** Time the bench spends inside applyPatches on its own counting and replays, taken out of the total. */
let overhead = 0;

function resetCurrent(): void {
  for (const part of PARTS) current[part] = 0;
  overhead = 0;
}

/** Wraps the encoder's methods (on this instance only) to time the shared pass, the view drains and walks. */
function instrument(encoder: Encoder<ArenaState>): void {
  const encode = encoder.encode.bind(encoder);
  const encodeView = encoder.encodeView.bind(encoder);
  let inView = false;
  const discardChanges = encoder.discardChanges.bind(encoder);
  encoder.discardChanges = () => {
    const started = performance.now();
    discardChanges();
    current.discard += performance.now() - started;
  };
  encoder.encode = (...args: Parameters<typeof encode>) => {
    const started = performance.now();
    const result = encode(...args);
    const spent = performance.now() - started;
    if (args[1] === undefined) current.shared += spent;
    else if (inView) current.viewWalk += spent;
    return result;
  };
  encoder.encodeView = (...args: Parameters<typeof encodeView>) => {
    const [view, sharedOffset] = args;
    const countStarted = performance.now();
    countVisible(encoder, view);
    overhead += performance.now() - countStarted;
    inView = true;
    const walkBefore = current.viewWalk;
    const started = performance.now();
    const result = encodeView(...args);
    const spent = performance.now() - started;
    inView = false;
    // The same allocation and copies as concatBytes, timed on their own.
    const concatStarted = performance.now();
    const copy = new Uint8Array(result.length);
    copy.set(encoder.sharedBuffer.subarray(0, sharedOffset), 0);
    copy.set(result.subarray(sharedOffset), sharedOffset);
    const concat = performance.now() - concatStarted;
    current.concat += concat;
    // The replay is the bench's own work: counted once, as concat, not also in the patch's time.
    overhead += concat;
    current.viewDrain += Math.max(0, spent - (current.viewWalk - walkBefore) - concat);
    return result;
  };
}

/** Counts the change trees a view's walk visits and how many of them it can see. */
function countVisible(encoder: Encoder<ArenaState>, view: StateView): void {
  counts.views++;
  for (const changes of view.changes.values()) counts.viewEntries += changes.size;
  for (let node = encoder.root.changes.next; node; node = node.next) {
    counts.changeTrees++;
    if (view.isChangeTreeVisible(node.changeTree)) counts.visibleTrees++;
  }
}

const server =
  SEND === 'ws' ? new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false }) : undefined;
const accepted: WebSocket[] = [];
const readers: WebSocket[] = [];

/** A server-side socket with a connected loopback reader that reads and drops every frame. */
async function openSocket(): Promise<WebSocket> {
  const port = (server!.address() as { port: number }).port;
  const connected = new Promise<WebSocket>((resolve) => server!.once('connection', resolve));
  const reader = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
  reader.on('message', () => undefined);
  readers.push(reader);
  const socket = await connected;
  accepted.push(socket);
  return socket;
}

async function createClient(sessionId: string, view: StateView, direct: boolean): Promise<BenchClient> {
  const socket = SEND === 'ws' ? await openSocket() : undefined;
  const tcp = (socket as unknown as { _socket: { write(data: Uint8Array): boolean } } | undefined)?._socket;
  const bench: BenchClient = { client: undefined as unknown as Client, bytes: 0 };
  const raw = (data: Uint8Array) => {
    const started = performance.now();
    if (socket && direct) {
      const header = data.length < 126 ? 2 : 4;
      const frame = Buffer.allocUnsafe(data.length + header);
      frame[0] = 0x82;
      if (header === 2) frame[1] = data.length;
      else {
        frame[1] = 126;
        frame.writeUInt16BE(data.length, 2);
      }
      frame.set(data, header);
      tcp!.write(frame);
    } else if (socket) socket.send(data, { binary: true });
    bench.bytes += data.length;
    counts.frames++;
    counts.frameBytes += data.length;
    current.send += performance.now() - started;
  };
  bench.client = { sessionId, state: ClientState.JOINED, view, raw, _inputBuffer: { ackSeq: 0 } } as unknown as Client;
  return bench;
}

async function createRoom(index: number, variant: Variant): Promise<BenchRoom> {
  const world = createWorld(SEED + index);
  const state = new ArenaState();
  const orbKeys = world.orbs.map((orb) => String(orb.id));
  // In the room's order: the encoder first, then the players' small refIds, then the orbs (ArenaRoom.onCreate).
  const serializer = variant.serializer();
  serializer.reset(state);
  const entities = new EntityPool({ create: () => new Player(), now: () => world.tick });
  entities.reserveRefIds(state, PLAYERS);
  createOrbEntities(world, state, orbKeys);
  const interest = new InterestManager({ state, world, orbKeys });
  const clients: BenchClient[] = [];
  for (let i = 0; i < PLAYERS; i++) {
    const id = `r${index}p${i}`;
    const player = addPlayer(world, id, id);
    player.bot = true;
    const entity = entities.take();
    syncPlayer(player, entity);
    state.players.set(id, entity);
    interest.addPlayer(id);
    clients.push(await createClient(id, interest.watch(id), variant.directWrite === true));
  }
  syncLeaderboard(world, state);
  syncMatch(world, state);
  instrument((serializer as unknown as { encoder: Encoder<ArenaState> }).encoder);
  const room: BenchRoom = {
    world,
    state,
    interest,
    serializer,
    clients,
    ticks: 0,
    orbKeys,
    events: createStepEvents(),
    inputs: new Map([...world.players.keys()].map((id) => [id, []])),
  };
  return room;
}

/** One room tick, as ArenaRoom.tick does it (bots decide, step, project). */
function tick(room: BenchRoom): void {
  const { world, state } = room;
  for (const player of world.players.values()) {
    const list = room.inputs.get(player.id)!;
    list.length = 0;
    list.push(decideMove(seenFrom(world, player), { seed: SEED, tick: room.ticks }).input);
  }
  room.ticks++;
  const events = stepWorld(world, room.inputs, room.events);
  syncPlayers(world, state);
  syncOrbs(events.movedOrbs, state, room.orbKeys);
  syncMatch(world, state);
  if (world.tick % LEADERBOARD_EVERY_TICKS === 0 || events.kills.length > 0) syncLeaderboard(world, state);
}

/** One patch, as ArenaRoom.broadcastPatch does it; returns its parts, µs. */
function patch(room: BenchRoom, sNow: number): Record<Part, number> {
  resetCurrent();
  const started = performance.now();
  room.interest.update();
  const interestDone = performance.now();
  room.serializer.applyPatches(
    room.clients.map((c) => c.client),
    room.state,
    { sNow },
  );
  const ended = performance.now();
  current.interest = interestDone - started;
  current.total = ended - started - overhead;
  const applied = ended - interestDone - overhead;
  current.rest = Math.max(
    0,
    applied - current.shared - current.viewDrain - current.viewWalk - current.concat - current.send - current.discard,
  );
  const out = {} as Record<Part, number>;
  for (const part of PARTS) out[part] = current[part] * 1000;
  return out;
}

function summarize(samples: Record<Part, number>[]) {
  const out: Record<string, { median: number; mean: number }> = {};
  for (const part of PARTS) {
    const sorted = samples.map((s) => s[part]).sort((a, b) => a - b);
    const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
    out[part] = { median: round(sorted[sorted.length >> 1] ?? 0), mean: round(mean) };
  }
  return out;
}

const round = (value: number) => Math.round(value * 10) / 10;

if (server) await new Promise((resolve) => server.once('listening', resolve));
const variants = values.variants.split(',').map((name) => {
  const variant = VARIANTS[name];
  if (!variant) throw new Error(`--variants: unknown variant "${name}" (known: ${Object.keys(VARIANTS).join(', ')})`);
  return variant;
});
const rooms = await Promise.all(
  variants.map(async (variant) => ({
    variant,
    rooms: await Promise.all(Array.from({ length: ROOMS }, (_, i) => createRoom(i, variant))),
    samples: [] as Record<Part, number>[],
    counts: { changeTrees: 0, visibleTrees: 0, views: 0, frames: 0, frameBytes: 0, viewEntries: 0 },
  })),
);

// Ticks per patch alternate so that TICK_HZ ticks and PATCH_HZ patches fit the same second (30/20: 2,1,2,1...).
let tickDebt = 0;
/** The process's CPU time over the measured patches (ticks, GC and the loopback readers included). */
let cpuStarted = process.cpuUsage();
for (let n = 0; n < WARMUP + PATCHES; n++) {
  if (n === WARMUP) cpuStarted = process.cpuUsage();
  tickDebt += TICK_HZ / PATCH_HZ;
  const ticks = Math.floor(tickDebt);
  tickDebt -= ticks;
  for (const group of rooms) {
    for (const room of group.rooms) {
      for (let t = 0; t < ticks; t++) tick(room);
      Object.assign(counts, { changeTrees: 0, visibleTrees: 0, views: 0, frames: 0, frameBytes: 0, viewEntries: 0 });
      const parts = patch(room, (n * 1000) / PATCH_HZ);
      if (n < WARMUP) continue;
      group.samples.push(parts);
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) group.counts[key] += counts[key];
    }
  }
  // Let the loopback readers drain between patches (their work is not timed).
  if (server) await new Promise((resolve) => setImmediate(resolve));
}

const cpu = process.cpuUsage(cpuStarted);
const results = rooms.map((group) => ({
  variant: group.variant.name,
  patchesMeasured: group.samples.length,
  perPatchUs: summarize(group.samples),
  changeTreesPerPatch: round(group.counts.changeTrees / Math.max(1, group.counts.views)),
  visibleTreesPerView: round(group.counts.visibleTrees / Math.max(1, group.counts.views)),
  viewEntriesPerView: round(group.counts.viewEntries / Math.max(1, group.counts.views)),
  bytesPerFrame: round(group.counts.frameBytes / Math.max(1, group.counts.frames)),
}));
const base = results[0]!;
console.log(
  JSON.stringify(
    {
      rooms: ROOMS,
      playersPerRoom: PLAYERS,
      send: SEND,
      /** Whole-process CPU per patch of one room (all variants together: compare with one variant a run). */
      processCpuUsPerRoomPatch: round((cpu.user + cpu.system) / (PATCHES * ROOMS * variants.length)),
      results: results.map((result) => ({
        ...result,
        totalRatioToFirst: round((100 * result.perPatchUs.total!.mean) / base.perPatchUs.total!.mean) / 100,
      })),
    },
    null,
    2,
  ),
);
for (const socket of readers) socket.terminate();
for (const socket of accepted) socket.terminate();
server?.close();
