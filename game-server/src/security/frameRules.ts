import { Protocol } from '@colyseus/core';
import { describeInputFrameFault } from '@orb-arena/shared';

/*
 * The wire guard's rules: which inbound WebSocket frames may reach Colyseus at all. Colyseus decodes
 * every protocol code a client sends, including ones this game never uses, and one of those decoders
 * loops for good on three bytes (docs/security.md, "Upstream bug"). So a frame passes only if it is
 * one of the shapes our own client sends; anything else is a reason to drop the sender.
 */

/** Why a frame was refused (also the `reason` label of orb_kicks_total). */
export type FrameRefusal =
  | 'text-frame'
  | 'empty-frame'
  | 'modifier-bits'
  | 'unknown-code'
  | 'bad-length'
  | 'bad-input'
  | 'bad-message-type'
  | 'unknown-message-type'
  | 'message-too-large'
  | 'before-join'
  | 'repeated-join';

/**
 * What an accepted frame is, for the per-kind budgets. Message kinds are `message:<type>`; `control`
 * is WebSocket ping and pong frames, which the guard budgets without these rules.
 */
export type FrameKind = 'join' | 'leave' | 'ping' | 'control' | 'input' | `message:${string}`;

export type FrameVerdict = { ok: true; kind: FrameKind } | { ok: false; reason: FrameRefusal; detail: string };

/** What the rules need to know about the sender and the room. */
export interface FrameContext {
  /** True once the client acknowledged its join (its first frame). */
  joined: boolean;
  /** Message types the room handles, with the largest frame each may arrive in (bytes). */
  messageTypes: ReadonlyMap<string, number>;
  /** True on a room's socket: input batches may come (a roomless probe sends pings only). */
  inputs: boolean;
}

/** The verdicts of the fixed kinds, shared: a frame's check allocates nothing when it passes. */
const ACCEPTED = {
  join: { ok: true, kind: 'join' },
  leave: { ok: true, kind: 'leave' },
  ping: { ok: true, kind: 'ping' },
  input: { ok: true, kind: 'input' },
} as const satisfies Record<string, FrameVerdict>;

/** msgpack fixstr: 0xa0 | length, for type names up to 31 bytes (the SDK writes type names so). */
const FIXSTR = 0xa0;
const FIXSTR_MAX = 0xbf;
/** Type names are short ASCII identifiers; a frame carrying anything else was not built by our client. */
const TYPE_NAME = /^[a-z][a-zA-Z0-9_-]*$/;

/**
 * Checks one inbound frame against the shapes our client sends:
 * - JOIN_ROOM (1 byte), the join acknowledgement, exactly once and first;
 * - LEAVE_ROOM and PING (1 byte each);
 * - ROOM_DATA_BYTES: only the input batch, exactly as encodeInputFrame writes it (protocol/inputBatch.ts:
 *   type INPUT_BATCH_MESSAGE, uint32 first seq, count 1..INPUTS_PER_MESSAGE, that many int8 x/y pairs
 *   with no -128, and not one byte more or less);
 * - ROOM_DATA: a fixstr type name the room handles, within that type's size.
 * Every other code (ROOM_INPUT_RELIABLE and ROOM_INPUT_UNRELIABLE, whose channel carries no input
 * since issue 12, ROOM_REQUEST, ...) and any modifier bit is refused: the game never sends them.
 */
export function checkFrame(frame: Uint8Array, isBinary: boolean, context: FrameContext): FrameVerdict {
  if (!isBinary) return refuse('text-frame', `${frame.byteLength} bytes of text`);
  if (frame.byteLength === 0) return refuse('empty-frame', 'no protocol code');
  const first = frame[0]!;
  if (first > 0x1f) return refuse('modifier-bits', `code byte 0x${first.toString(16)}`);
  if (!context.joined && first !== Protocol.JOIN_ROOM)
    return refuse('before-join', `code ${first} before the join ack`);
  switch (first) {
    case Protocol.JOIN_ROOM:
      if (context.joined) return refuse('repeated-join', 'a second JOIN_ROOM');
      return exactlyOneByte(frame, 'join');
    case Protocol.LEAVE_ROOM:
      return exactlyOneByte(frame, 'leave');
    case Protocol.PING:
      return exactlyOneByte(frame, 'ping');
    case Protocol.ROOM_DATA_BYTES:
      return checkInputBatch(frame, context.inputs);
    case Protocol.ROOM_DATA:
      return checkMessage(frame, context.messageTypes);
    default:
      return refuse('unknown-code', `protocol code ${first}`);
  }
}

function exactlyOneByte(frame: Uint8Array, kind: keyof typeof ACCEPTED): FrameVerdict {
  return frame.byteLength === 1
    ? ACCEPTED[kind]
    : refuse('bad-length', `${kind} of ${frame.byteLength} bytes, expected 1`);
}

/** [code][type][firstSeq u32][count][x y]×count: the one bytes message the game sends. */
function checkInputBatch(frame: Uint8Array, inputs: boolean): FrameVerdict {
  if (!inputs) return refuse('bad-input', 'an input batch on a socket with no room');
  const fault = describeInputFrameFault(frame);
  return fault === undefined ? ACCEPTED.input : refuse('bad-input', fault);
}

/** [code][fixstr type][msgpack payload]: the type must be one the room handles, the frame within its size. */
function checkMessage(frame: Uint8Array, types: ReadonlyMap<string, number>): FrameVerdict {
  const header = frame[1];
  if (header === undefined || header <= FIXSTR || header > FIXSTR_MAX) {
    return refuse('bad-message-type', `type header ${header === undefined ? 'missing' : `0x${header.toString(16)}`}`);
  }
  const end = 2 + (header - FIXSTR);
  if (end > frame.byteLength) return refuse('bad-message-type', `type name cut at ${frame.byteLength} bytes`);
  const type = String.fromCharCode(...frame.subarray(2, end));
  if (!TYPE_NAME.test(type)) return refuse('bad-message-type', `type name ${JSON.stringify(type)}`);
  const maxBytes = types.get(type);
  if (maxBytes === undefined) return refuse('unknown-message-type', `type ${JSON.stringify(type)}`);
  if (frame.byteLength > maxBytes) {
    return refuse('message-too-large', `"${type}" of ${frame.byteLength} bytes, at most ${maxBytes}`);
  }
  return { ok: true, kind: `message:${type}` };
}

function refuse(reason: FrameRefusal, detail: string): FrameVerdict {
  return { ok: false, reason, detail };
}
