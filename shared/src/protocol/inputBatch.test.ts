import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { AXIS_MAX, type MoveInput } from '../sim/movement.ts';
import {
  decodeInputPayload,
  describeInputFrameFault,
  encodeInputFrame,
  INPUT_FRAME_MAX_BYTES,
  INPUT_FRAME_PREFIX_BYTES,
  INPUTS_PER_MESSAGE,
} from './inputBatch.ts';

const axis = fc.integer({ min: -AXIS_MAX, max: AXIS_MAX });
const batch = fc
  .array(fc.record({ x: axis, y: axis }), { minLength: 1, maxLength: INPUTS_PER_MESSAGE })
  .chain((inputs) =>
    fc.record({ inputs: fc.constant(inputs), firstSeq: fc.integer({ min: 0, max: 0xffff_ffff - inputs.length + 1 }) }),
  );

function decoded(payload: Uint8Array): { fault: string | undefined; got: { seq: number; x: number; y: number }[] } {
  const got: { seq: number; x: number; y: number }[] = [];
  const fault = decodeInputPayload(payload, { accept: (seq, x, y) => got.push({ seq, x, y }) });
  return { fault, got };
}

describe('input batch wire format (property-based; fast-check prints the seed on failure)', () => {
  test('decoding an encoded batch gives back every input with its seq, in order', () => {
    fc.assert(
      fc.property(batch, ({ firstSeq, inputs }) => {
        const out = new Uint8Array(INPUT_FRAME_MAX_BYTES);
        const length = encodeInputFrame(out, firstSeq, inputs, inputs.length);
        expect(length).toBe(INPUT_FRAME_PREFIX_BYTES + 5 + 2 * inputs.length);
        const frame = out.subarray(0, length);
        expect(describeInputFrameFault(frame)).toBeUndefined();
        const { fault, got } = decoded(frame.subarray(INPUT_FRAME_PREFIX_BYTES));
        expect(fault).toBeUndefined();
        expect(got).toEqual(inputs.map((input: MoveInput, i) => ({ seq: firstSeq + i, x: input.x, y: input.y })));
      }),
      { numRuns: 2000 },
    );
  });

  test('never throws on arbitrary bytes, and reports a fault without feeding the sink', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (bytes) => {
        const { fault, got } = decoded(bytes);
        if (fault !== undefined) expect(got).toEqual([]);
        else expect(got.length).toBe(bytes[4]);
        expect(() => describeInputFrameFault(bytes)).not.toThrow();
      }),
      { numRuns: 5000 },
    );
  });

  test('encodes only the first `count` inputs it is given', () => {
    const out = new Uint8Array(INPUT_FRAME_MAX_BYTES);
    const length = encodeInputFrame(
      out,
      258,
      [
        { x: -1, y: 127 },
        { x: 9, y: 9 },
      ],
      1,
    );
    expect([...out.subarray(0, length)]).toEqual([17, 0, 2, 1, 0, 0, 1, 0xff, 127]);
  });

  test('clamps axes outside [-AXIS_MAX, AXIS_MAX], so no encoded batch is one the server refuses', () => {
    const out = new Uint8Array(INPUT_FRAME_MAX_BYTES);
    const length = encodeInputFrame(out, 1, [{ x: 1000, y: -128 }], 1);
    expect(decoded(out.subarray(INPUT_FRAME_PREFIX_BYTES, length)).got).toEqual([
      { seq: 1, x: AXIS_MAX, y: -AXIS_MAX },
    ]);
  });
});
