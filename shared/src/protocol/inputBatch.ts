import { TICK_HZ } from '../constants.ts';
import { AXIS_MAX, type MoveInput } from '../sim/movement.ts';

/*
 * The batched input message (issue 12). A client records one input per server tick but sends a
 * message only every INPUT_SEND_EVERY_TICKS ticks, and each message carries its last
 * INPUTS_PER_MESSAGE inputs, so one lost or late message costs nothing: the next one repeats it.
 *
 * It travels as a Colyseus bytes message (`room.sendBytes(INPUT_BATCH_MESSAGE, payload)`), which the
 * server parses for less CPU than the schema-decoded input channel (BENCHMARKS.md, "issue 12 levers").
 * The whole WebSocket message, byte by byte:
 *
 *   [0]      17                      Colyseus ROOM_DATA_BYTES
 *   [1]      INPUT_BATCH_MESSAGE     the message type, a one-byte number
 *   [2..5]   firstSeq                uint32, little-endian: the sequence number of the first input
 *   [6]      count                   1..INPUTS_PER_MESSAGE inputs, oldest first, seqs firstSeq..+count-1
 *   [7..]    x, y per input          int8 each, in [-AXIS_MAX, AXIS_MAX]
 *
 * The payload (what `sendBytes` is given and the room's handler receives) is everything from [2].
 */

/** Inputs one message carries: two new ones and the two of the message before (redundancy). */
export const INPUTS_PER_MESSAGE = 4;
/** Ticks between two input messages: one message carries this many new inputs. */
export const INPUT_SEND_EVERY_TICKS = 2;
/** Input messages a client sends per second (15 at 30 Hz ticks). */
export const INPUT_SEND_HZ = TICK_HZ / INPUT_SEND_EVERY_TICKS;
/** The bytes message type of an input batch (a number: one byte on the wire). */
export const INPUT_BATCH_MESSAGE = 0;
/** Colyseus's protocol code for a bytes message (Protocol.ROOM_DATA_BYTES; a test pins it). */
export const ROOM_DATA_BYTES_CODE = 17;
/** Bytes before the first input in the payload: firstSeq (4) and count (1). */
export const INPUT_PAYLOAD_HEADER_BYTES = 5;
/** Bytes per input in the payload: x and y, one each. */
export const INPUT_BYTES = 2;
/** Bytes before the payload in the WebSocket message: protocol code and message type. */
export const INPUT_FRAME_PREFIX_BYTES = 2;
/** Largest payload, bytes. */
export const INPUT_PAYLOAD_MAX_BYTES = INPUT_PAYLOAD_HEADER_BYTES + INPUTS_PER_MESSAGE * INPUT_BYTES;
/** Largest whole WebSocket message, bytes. */
export const INPUT_FRAME_MAX_BYTES = INPUT_FRAME_PREFIX_BYTES + INPUT_PAYLOAD_MAX_BYTES;
/** Largest sequence number (uint32); a client would reach it after 4.5 years at 30 Hz. */
export const INPUT_SEQ_MAX = 0xffff_ffff;

/**
 * Writes the payload for `count` inputs (the first `count` of `inputs`, oldest first) numbered from
 * `firstSeq` into `out` at `offset`; returns the offset after it. Axes are wire inputs (buildMoveInput);
 * anything outside [-AXIS_MAX, AXIS_MAX] is clamped, so no encoded batch is one the server refuses.
 */
export function encodeInputPayload(
  out: Uint8Array,
  batch: { firstSeq: number; inputs: ArrayLike<MoveInput>; count: number },
  offset = 0,
): number {
  const { firstSeq, inputs, count } = batch;
  out[offset] = firstSeq & 0xff;
  out[offset + 1] = (firstSeq >>> 8) & 0xff;
  out[offset + 2] = (firstSeq >>> 16) & 0xff;
  out[offset + 3] = (firstSeq >>> 24) & 0xff;
  out[offset + 4] = count;
  let at = offset + INPUT_PAYLOAD_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    const input = inputs[i]!;
    out[at++] = clampAxis(input.x) & 0xff;
    out[at++] = clampAxis(input.y) & 0xff;
  }
  return at;
}

/**
 * Writes into `out` the complete WebSocket binary message the SDK client sends for this batch
 * (protocol code, message type, payload) and returns its length. A raw WebSocket bot can send
 * `out.subarray(0, length)` as is; a test shows the SDK's bytes equal these.
 */
// eslint-disable-next-line max-params -- a fixed seam: the raw light bot is built on this signature (issue 12)
export function encodeInputFrame(
  out: Uint8Array,
  firstSeq: number,
  inputs: ArrayLike<MoveInput>,
  count: number,
): number {
  out[0] = ROOM_DATA_BYTES_CODE;
  out[1] = INPUT_BATCH_MESSAGE;
  return encodeInputPayload(out, { firstSeq, inputs, count }, INPUT_FRAME_PREFIX_BYTES);
}

/** Where decoded inputs go, one call per input, oldest first (no allocation per input). */
export interface InputBatchSink {
  accept(seq: number, x: number, y: number): void;
}

/**
 * Says what is wrong with an input payload, or undefined when it is well formed: its length must be
 * exactly the header plus `count` inputs, `count` in 1..INPUTS_PER_MESSAGE, the last seq within
 * uint32, every axis within [-AXIS_MAX, AXIS_MAX]. Never throws, whatever the bytes.
 */
export function describeInputPayloadFault(payload: Uint8Array): string | undefined {
  if (payload.byteLength < INPUT_PAYLOAD_HEADER_BYTES) {
    return `input batch of ${payload.byteLength} bytes, expected at least ${INPUT_PAYLOAD_HEADER_BYTES}`;
  }
  const count = payload[4]!;
  if (count < 1 || count > INPUTS_PER_MESSAGE) return `input batch count ${count}, expected 1..${INPUTS_PER_MESSAGE}`;
  const expected = INPUT_PAYLOAD_HEADER_BYTES + count * INPUT_BYTES;
  if (payload.byteLength !== expected) {
    return `input batch of ${payload.byteLength} bytes for ${count} inputs, expected ${expected}`;
  }
  if (readFirstSeq(payload) > INPUT_SEQ_MAX - (count - 1)) return `input batch seq overflows uint32`;
  for (let at = INPUT_PAYLOAD_HEADER_BYTES; at < expected; at++) {
    // -128 is the one int8 outside [-AXIS_MAX, AXIS_MAX].
    if (payload[at] === 0x80) return `input axis -128 at byte ${at}, expected -${AXIS_MAX}..${AXIS_MAX}`;
  }
  return undefined;
}

/**
 * Decodes an input payload into `sink` (oldest input first, each with its seq). Returns undefined
 * when done, or what is wrong (describeInputPayloadFault) without calling the sink. Never throws.
 */
export function decodeInputPayload(payload: Uint8Array, sink: InputBatchSink): string | undefined {
  const fault = describeInputPayloadFault(payload);
  if (fault !== undefined) return fault;
  const firstSeq = readFirstSeq(payload);
  const count = payload[4]!;
  for (let i = 0; i < count; i++) {
    const at = INPUT_PAYLOAD_HEADER_BYTES + i * INPUT_BYTES;
    sink.accept(firstSeq + i, toInt8(payload[at]!), toInt8(payload[at + 1]!));
  }
  return undefined;
}

/**
 * Says what is wrong with a whole WebSocket message claiming to be an input batch (its prefix and
 * payload), or undefined when it is exactly what encodeInputFrame writes. The wire guard's rule.
 */
export function describeInputFrameFault(frame: Uint8Array): string | undefined {
  if (frame[0] !== ROOM_DATA_BYTES_CODE || frame[1] !== INPUT_BATCH_MESSAGE) {
    return `bytes message type ${frame[1] === undefined ? 'missing' : `0x${frame[1].toString(16)}`}, expected the input batch (${INPUT_BATCH_MESSAGE})`;
  }
  return describeInputPayloadFault(frame.subarray(INPUT_FRAME_PREFIX_BYTES));
}

function readFirstSeq(payload: Uint8Array): number {
  return (payload[0]! | (payload[1]! << 8) | (payload[2]! << 16)) + payload[3]! * 0x100_0000;
}

function clampAxis(value: number): number {
  return value > AXIS_MAX ? AXIS_MAX : value < -AXIS_MAX ? -AXIS_MAX : value;
}

function toInt8(byte: number): number {
  return (byte << 24) >> 24;
}
