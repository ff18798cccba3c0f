/**
 * Server CPU per input message on the two Colyseus paths issue 12 weighed, measured through
 * Colyseus's own inbound dispatch (Room#_onMessage) on a room that is not listening:
 * - channel: the defineInput channel carrying a batch schema (seq, count, 4 × x/y), encoded by the
 *   SDK's InputEncoder (delta-coded as the SDK sends it), drained from Colyseus's buffer into the
 *   player's InputQueue;
 * - bytes: the batch as a bytes message (encodeInputFrame), decoded by decodeInputPayload into the
 *   player's InputQueue.
 * - today (the reference): one MoveInputPacket per tick on the channel, so two messages for the two
 *   inputs a batch brings; its figure is per two messages, comparable per input with the others.
 * All apply the same inputs; rounds alternate the paths so a busy machine weighs on each alike.
 * Prints JSON: ns per batch (two new inputs) for each path, and the ratios. Usage: node --import tsx src/inputPathCost.ts
 */
import { Room } from '@colyseus/core';
import { schema, t, type SchemaType } from '@colyseus/schema';
import { InputEncoder } from '@colyseus/schema/input';
import {
  AXIS_MAX,
  decodeInputPayload,
  encodeInputFrame,
  INPUT_BATCH_MESSAGE,
  INPUT_FRAME_MAX_BYTES,
  INPUT_SEND_EVERY_TICKS,
  INPUTS_PER_MESSAGE,
  InputQueue,
  MoveInputPacket,
  type MoveInput,
} from '@orb-arena/shared';

const MESSAGES = Number(process.env.MESSAGES ?? 200_000);
const ROUNDS = Number(process.env.ROUNDS ?? 6);

const BatchPacket = schema(
  {
    seq: t.uint32().default(0),
    count: t.uint8().default(0),
    x0: t.int8().default(0),
    y0: t.int8().default(0),
    x1: t.int8().default(0),
    y1: t.int8().default(0),
    x2: t.int8().default(0),
    y2: t.int8().default(0),
    x3: t.int8().default(0),
    y3: t.int8().default(0),
    clone() {
      const { seq, count, x0, y0, x1, y1, x2, y2, x3, y3 } = this;
      return { seq, count, x0, y0, x1, y1, x2, y2, x3, y3 } as unknown as typeof this;
    },
  },
  'BatchPacket',
);
type BatchPacket = SchemaType<typeof BatchPacket>;
type PlainBatch = { seq: number; count: number } & Record<string, number>;

const axes = [0, 1, 2, 3] as const;
const sanitize = Object.fromEntries(
  axes.flatMap((i) => [
    [`x${i}`, [-AXIS_MAX, AXIS_MAX]],
    [`y${i}`, [-AXIS_MAX, AXIS_MAX]],
  ]),
);

class ChannelRoom extends Room<{ input: BatchPacket }> {
  override inputs = this.defineInput(BatchPacket, { bufferMaxSize: 16, sanitize });
}
class BytesRoom extends Room {}
class TodayRoom extends Room<{ input: MoveInputPacket }> {
  override inputs = this.defineInput(MoveInputPacket, {
    bufferMaxSize: 16,
    sanitize: { x: [-AXIS_MAX, AXIS_MAX], y: [-AXIS_MAX, AXIS_MAX] },
  });
}

/** A client as Room#_onMessage sees one: joined, with its input slots. */
function fakeClient(): Record<string, unknown> {
  return { state: 1, sessionId: 'bench', ref: {}, _enqueuedMessages: [] };
}

/** A steering sequence that turns now and then, as a player's does. */
function steering(i: number): MoveInput {
  const turn = Math.floor(i / 10);
  return { x: ((turn * 37) % 255) - 127, y: ((turn * 91) % 255) - 127 };
}

function channelFrames(): Uint8Array[] {
  const packet = new BatchPacket();
  const encoder = new InputEncoder(packet);
  const frames: Uint8Array[] = [];
  for (let m = 0; m < 1000; m++) {
    const last = (m + 1) * INPUT_SEND_EVERY_TICKS;
    const count = Math.min(last, INPUTS_PER_MESSAGE);
    packet.seq = last - count + 1;
    packet.count = count;
    const record = packet as unknown as Record<string, number>;
    for (let i = 0; i < count; i++) {
      const input = steering(packet.seq + i);
      record[`x${i}`] = input.x;
      record[`y${i}`] = input.y;
    }
    frames.push(Uint8Array.of(19, ...encoder.encode()));
  }
  return frames;
}

function todayFrames(): Uint8Array[] {
  const packet = new MoveInputPacket();
  const encoder = new InputEncoder(packet);
  const frames: Uint8Array[] = [];
  for (let seq = 1; seq <= 2000; seq++) {
    const input = steering(seq);
    packet.x = input.x;
    packet.y = input.y;
    frames.push(Uint8Array.of(19, ...encoder.encode()));
  }
  return frames;
}

/** Today's path: one message per input, taken from Colyseus's buffer by the tick (take(1) each). */
function timeToday(frames: Uint8Array[]): number {
  const room = new TodayRoom();
  const client = fakeClient();
  (room as unknown as { _inputController: { allocate(c: unknown): void } })._inputController.allocate(client);
  const buffer = client._inputBuffer as { take(n: number): MoveInput[] };
  const onMessage = (room as unknown as { _onMessage(c: unknown, b: Uint8Array): void })._onMessage.bind(room);
  const list: MoveInput[] = [];
  let applied = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < MESSAGES * INPUT_SEND_EVERY_TICKS; i++) {
    onMessage(client, Buffer.from(frames[i % frames.length]!.buffer));
    list.length = 0;
    for (const packet of buffer.take(1)) list.push({ x: packet.x, y: packet.y });
    applied += list.length;
  }
  return check(applied, Number(process.hrtime.bigint() - started) / MESSAGES);
}

function bytesFrames(): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const inputs: MoveInput[] = [];
  for (let m = 0; m < 1000; m++) {
    const last = (m + 1) * INPUT_SEND_EVERY_TICKS;
    const count = Math.min(last, INPUTS_PER_MESSAGE);
    for (let i = 0; i < count; i++) inputs[i] = steering(last - count + 1 + i);
    const out = new Uint8Array(INPUT_FRAME_MAX_BYTES);
    frames.push(out.subarray(0, encodeInputFrame(out, last - count + 1, inputs, count)));
  }
  return frames;
}

function timeChannel(frames: Uint8Array[]): number {
  const room = new ChannelRoom();
  const client = fakeClient();
  const controller = (room as unknown as { _inputController: { allocate(c: unknown): void } })._inputController;
  controller.allocate(client);
  const queue = new InputQueue();
  const out: MoveInput[] = [];
  const buffer = client._inputBuffer as { drain(): PlainBatch[] };
  const onMessage = (room as unknown as { _onMessage(c: unknown, b: Uint8Array): void })._onMessage.bind(room);
  let applied = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < MESSAGES; i++) {
    onMessage(client, Buffer.from(frames[i % frames.length]!.buffer));
    for (const batch of buffer.drain()) {
      for (let k = 0; k < batch.count; k++) queue.accept(batch.seq + k, batch[`x${k}`]!, batch[`y${k}`]!);
    }
    applied += queue.takeInto(out, INPUT_SEND_EVERY_TICKS);
    if (i % frames.length === frames.length - 1) {
      queue.reset();
    }
  }
  return check(applied, Number(process.hrtime.bigint() - started) / MESSAGES);
}

function timeBytes(frames: Uint8Array[]): number {
  const room = new BytesRoom();
  const client = fakeClient();
  const queue = new InputQueue();
  const out: MoveInput[] = [];
  room.onMessageBytes(INPUT_BATCH_MESSAGE, (_client, payload: Uint8Array) => {
    decodeInputPayload(payload, queue);
  });
  const onMessage = (room as unknown as { _onMessage(c: unknown, b: Uint8Array): void })._onMessage.bind(room);
  let applied = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < MESSAGES; i++) {
    onMessage(
      client,
      Buffer.from(
        frames[i % frames.length]!.buffer,
        frames[i % frames.length]!.byteOffset,
        frames[i % frames.length]!.byteLength,
      ),
    );
    applied += queue.takeInto(out, INPUT_SEND_EVERY_TICKS);
    if (i % frames.length === frames.length - 1) queue.reset();
  }
  return check(applied, Number(process.hrtime.bigint() - started) / MESSAGES);
}

/** Both paths must have applied every input (two per message), or the timing means nothing. */
function check(applied: number, ns: number): number {
  if (applied !== MESSAGES * INPUT_SEND_EVERY_TICKS)
    throw new Error(`applied ${applied} inputs, expected ${MESSAGES * INPUT_SEND_EVERY_TICKS}`);
  return ns;
}

const channel = channelFrames();
const bytes = bytesFrames();
const today = todayFrames();
const results = { todayNs: [] as number[], channelNs: [] as number[], bytesNs: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  results.todayNs.push(timeToday(today));
  results.channelNs.push(timeChannel(channel));
  results.bytesNs.push(timeBytes(bytes));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const channelMean = channel.reduce((sum, f) => sum + f.byteLength, 0) / channel.length;
const bytesMean = bytes.reduce((sum, f) => sum + f.byteLength, 0) / bytes.length;
console.log(
  JSON.stringify({
    messages: MESSAGES,
    rounds: ROUNDS,
    todayNsPerTwoInputs: Math.round(median(results.todayNs)),
    channelNsPerBatch: Math.round(median(results.channelNs)),
    bytesNsPerBatch: Math.round(median(results.bytesNs)),
    bytesOverChannel: +(median(results.bytesNs) / median(results.channelNs)).toFixed(3),
    bytesOverToday: +(median(results.bytesNs) / median(results.todayNs)).toFixed(3),
    channelFrameBytesMean: +channelMean.toFixed(1),
    bytesFrameBytesMean: +bytesMean.toFixed(1),
    rawRounds: results,
  }),
);
