import { describe, expect, test } from 'vitest';
import { INPUT_BATCH_MESSAGE, InputBatcher, ROOM_DATA_BYTES_CODE, TICK_HZ } from '@orb-arena/shared';
import { BATCH_INPUT_FORMAT, InputStream, headingAt, headingInput, ticksPerFrame } from '../src/rawBot.ts';

/*
 * The raw bot's frames are pre-encoded once per heading and then only have their sequence numbers
 * patched in place. They must equal, byte for byte, what a client sends through the shared
 * InputBatcher (the SDK path: room.sendBytes prefixes the protocol code and the message type).
 */

/** Frames the shared batcher sends for a bot wandering like the raw bot with `seed`, as whole messages. */
function batcherFrames(seed: number, frames: number): Uint8Array[] {
  const sent: Uint8Array[] = [];
  const batcher = new InputBatcher((payload) =>
    sent.push(Uint8Array.from([ROOM_DATA_BYTES_CODE, INPUT_BATCH_MESSAGE, ...payload])),
  );
  const ticks = ticksPerFrame(BATCH_INPUT_FORMAT);
  for (let frame = 0; frame < frames; frame++) {
    const steer = headingInput(headingAt(seed, frame, BATCH_INPUT_FORMAT.sendHz));
    for (let tick = 0; tick < ticks; tick++) batcher.push(steer);
  }
  return sent;
}

describe('raw bot input frames', () => {
  test('sends one frame per INPUT_SEND_EVERY_TICKS ticks', () => {
    expect(BATCH_INPUT_FORMAT.sendHz * ticksPerFrame(BATCH_INPUT_FORMAT)).toBe(TICK_HZ);
  });

  test.each([1, 7, 42])('equal the shared batcher byte for byte over heading changes (seed %i)', (seed) => {
    // 200 frames at 15 Hz is over 13 s: several headings, the short first frame and thousands of seqs.
    const frames = 200;
    const expected = batcherFrames(seed, frames);
    const stream = new InputStream(BATCH_INPUT_FORMAT, seed);
    const headings = new Set<number>();
    for (let frame = 0; frame < frames; frame++) {
      headings.add(headingAt(seed, frame, BATCH_INPUT_FORMAT.sendHz));
      expect(Array.from(stream.next()), `frame ${frame}`).toEqual(Array.from(expected[frame]!));
    }
    expect(headings.size).toBeGreaterThan(1);
  });

  test('patching the sequence number rewrites only the first seq, for any uint32', () => {
    const out = new Uint8Array(64);
    const inputs = [headingInput(3), headingInput(3), headingInput(5), headingInput(5)];
    const count = BATCH_INPUT_FORMAT.inputsPerFrame;
    const length = BATCH_INPUT_FORMAT.encode(out, { firstSeq: 1, inputs, count });
    const frame = out.slice(0, length);
    for (const firstSeq of [2, 255, 256, 65_536, 0x0100_0000, 0xffff_fff0]) {
      BATCH_INPUT_FORMAT.patchSequence(frame, firstSeq);
      const fresh = new Uint8Array(64);
      const freshLength = BATCH_INPUT_FORMAT.encode(fresh, { firstSeq, inputs, count });
      expect(Array.from(frame)).toEqual(Array.from(fresh.subarray(0, freshLength)));
    }
  });
});
