import { Protocol } from '@colyseus/sdk';
import { $decoder, ArraySchema, MapSchema, Schema, decode, type Decoder } from '@colyseus/schema';

/*
 * Where a client's bytes go, by category, measured at a real SDK client (see benchBytes.ts).
 *
 * The schema decoder reads a patch as a run of operations, each on the structure (refId) the last
 * SWITCH_TO_STRUCTURE marker named; it calls the structure class's static `[$decoder]` once per
 * operation. Wrapping those statics (Schema, MapSchema, ArraySchema) gives the exact byte range of
 * every operation and the structure it wrote; the marker bytes in front of an operation (255 + the
 * refId) are charged to the same category. What a patch frame holds besides its operations (the
 * protocol byte and the TIMED prefix with the input ack) is charged to "patch header + input ack",
 * and every other frame to its protocol code or message type. Categories sum to the socket's
 * payload bytes (WebSocket frame headers are not counted, as in the benchmark's bytes figure); the
 * report says how many bytes no category claimed, which should be none.
 */

/** A Colyseus frame's protocol code is its first byte's low five bits (shared-types PROTOCOL_CODE_MASK). */
const PROTOCOL_CODE_MASK = 0x1f;
const HEADER = 'patch header + input ack';

/** Bytes by category, and the totals the categories must add up to. */
export interface ByteTally {
  bytes: Map<string, number>;
  /** Of the categories' bytes, those of structure-switch markers (255 + refId). */
  switchBytes: number;
  /** Every frame's payload bytes, as the socket received them. */
  frameBytes: number;
  frames: number;
  patches: number;
  /** Sum over patches of the other players and orbs in the client's state after the patch. */
  othersInView: number;
  orbsInView: number;
}

export function createTally(): ByteTally {
  return { bytes: new Map(), switchBytes: 0, frameBytes: 0, frames: 0, patches: 0, othersInView: 0, orbsInView: 0 };
}

function charge(tally: ByteTally, category: string, bytes: number): void {
  tally.bytes.set(category, (tally.bytes.get(category) ?? 0) + bytes);
}

/** The decoded state as far as categories need it (the SDK reflects the server's classes). */
interface StateShape {
  players: Map<string, object> & { size: number };
  orbs: { size: number };
  leaderboard: object;
}

/** One attributed client: its decoder's state, own id, and the structures it had before this patch. */
interface Client {
  decoder: Decoder;
  tally: () => ByteTally;
  sessionId: string;
  /** Structures decoded in an earlier patch: a Player or Orb not in it entered the view now. */
  seen: WeakSet<object>;
  touched: object[];
  /** Where the last operation (or the patch's header) ended: bytes before the next one are a marker. */
  lastEnd: number;
}

const clients = new WeakMap<object, Client>();

/** A structure's static operation decoder: (decoder, bytes, iterator, ref, changes) in schema's order. */
type DecodeOperation = (...args: [Decoder, Uint8Array, { offset: number }, object, unknown]) => unknown;

/** Replaces a structure class's operation decoder with one that charges each operation's bytes. */
function wrapDecoder(type: object): void {
  const holder = type as Record<symbol, DecodeOperation>;
  const original = holder[$decoder]!;
  holder[$decoder] = (...args) => {
    const [decoder, bytes, it, ref] = args;
    const client = clients.get(decoder);
    const start = it.offset;
    const result = original(...args);
    if (client) {
      const tally = client.tally();
      const marker = start - client.lastEnd;
      const category = categoryOf(client, ref, bytes[start]!);
      charge(tally, category, it.offset - client.lastEnd);
      tally.switchBytes += marker;
      client.lastEnd = it.offset;
      client.touched.push(ref);
    }
    return result;
  };
}

let installed = false;

/** Wraps the schema decoders once per process; call before any client joins. */
export function installByteAttribution(): void {
  if (installed) return;
  installed = true;
  for (const type of [Schema, MapSchema, ArraySchema]) wrapDecoder(type);
}

type FieldList = Record<number, { name: string } | undefined>;
const metadataOf = (ref: object) =>
  (ref.constructor as unknown as { [Symbol.metadata]?: FieldList })[Symbol.metadata] ?? {};

/** The field a Schema operation writes: its first byte holds the operation (top 2 bits) and field index. */
function fieldOf(ref: object, first: number): string {
  const operation = (first >> 6) << 6;
  const index = first % (operation || 255);
  return metadataOf(ref)[index]?.name ?? `field ${index}`;
}

/** What a Schema class is, told by its fields: the SDK decodes into classes reflected from the server's. */
const kinds = new WeakMap<object, 'player' | 'leader' | 'orb'>();
function kindOf(ref: object): 'player' | 'leader' | 'orb' {
  let kind = kinds.get(ref.constructor);
  if (!kind) {
    const names = new Set(Object.values(metadataOf(ref)).map((entry) => entry?.name));
    kind = names.has('hue') ? 'player' : names.has('id') ? 'leader' : 'orb';
    kinds.set(ref.constructor, kind);
  }
  return kind;
}

function categoryOf(client: Client, ref: object, first: number): string {
  const state = client.decoder.state as StateShape;
  // Collection operations: the first byte is the operation (ADD 128, DELETE 64, DELETE_AND_ADD 192).
  const verb = first & 128 ? 'enter' : 'leave';
  if (ref === state.players) return `others: ${verb} (map entry)`;
  if (ref === state.orbs) return `orbs: ${verb} (map entry)`;
  if (ref === state.leaderboard) return 'leaderboard: array';
  const field = fieldOf(ref, first);
  if (ref === state) return `room: ${field}`;
  const position = field === 'x' || field === 'y' ? 'x/y' : field;
  const kind = kindOf(ref);
  if (kind === 'player') {
    if (state.players.get(client.sessionId) === ref) return `own player: ${position}`;
    return client.seen.has(ref) ? `others: ${position}` : 'others: enter (fields)';
  }
  if (kind === 'leader') return `leaderboard: ${position}`;
  return client.seen.has(ref) ? 'orbs: moved in view' : 'orbs: enter (fields)';
}

/**
 * Attributes what `socket` receives for the room whose decoder is `decoder` to `tally()` (read at
 * every frame, so the caller can swap tallies between windows). Call right after the join.
 */
export function attributeClient(options: {
  decoder: Decoder;
  sessionId: string;
  socket: { addEventListener(type: 'message', listener: (event: { data: ArrayBuffer }) => void): void };
  tally: () => ByteTally;
}): void {
  const client: Client = {
    decoder: options.decoder,
    tally: options.tally,
    sessionId: options.sessionId,
    seen: new WeakSet(),
    touched: [],
    lastEnd: 0,
  };
  clients.set(options.decoder, client);
  const decoder = options.decoder;
  const decodeAll = decoder.decode.bind(decoder);
  decoder.decode = (bytes, it = { offset: 0 }, ref) => {
    // The SDK hands the frame over with the offset past its header (protocol byte, TIMED prefix).
    const tally = client.tally();
    charge(tally, HEADER, it.offset);
    client.lastEnd = it.offset;
    client.touched.length = 0;
    const changes = decodeAll(bytes, it, ref);
    for (const touched of client.touched) client.seen.add(touched);
    const state = decoder.state as StateShape;
    tally.patches++;
    tally.othersInView += Math.max(0, state.players.size - 1);
    tally.orbsInView += state.orbs.size;
    return changes;
  };
  options.socket.addEventListener('message', (event) => {
    const bytes = new Uint8Array(event.data);
    const tally = client.tally();
    tally.frames++;
    tally.frameBytes += bytes.byteLength;
    // A state frame's bytes are charged by the decoder hooks (its header by the decode wrapper).
    const code = bytes[0]! & PROTOCOL_CODE_MASK;
    if (code === Protocol.ROOM_STATE_PATCH || code === Protocol.ROOM_STATE) return;
    charge(tally, frameCategory(bytes), bytes.byteLength);
  });
}

/** A non-patch frame's category: its message type for room data, else its protocol code. */
function frameCategory(bytes: Uint8Array): string {
  const code = bytes[0]! & PROTOCOL_CODE_MASK;
  if (code !== Protocol.ROOM_DATA && code !== Protocol.ROOM_DATA_BYTES) return `frame: protocol ${code}`;
  const it = { offset: 1 };
  const type = decode.stringCheck(bytes, it) ? decode.string(bytes, it) : decode.number(bytes, it);
  return `message: ${String(type)}`;
}
