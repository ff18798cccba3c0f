import { Protocol } from '@colyseus/core';
import {
  AXIS_MAX,
  decodeInputPayload,
  encodeInputFrame,
  INPUT_FRAME_MAX_BYTES,
  INPUT_FRAME_PREFIX_BYTES,
  INPUTS_PER_MESSAGE,
} from '@orb-arena/shared';
import fc from 'fast-check';
import type { IncomingMessage } from 'node:http';
import { describe, expect, test } from 'vitest';
import { AddressResolver } from '../../src/security/addresses.ts';
import { checkFrame, type FrameContext } from '../../src/security/frameRules.ts';

const context = (joined = true): FrameContext => ({
  joined,
  messageTypes: new Map([['rename', 128]]),
  inputs: true,
});

const axis = fc.integer({ min: -AXIS_MAX, max: AXIS_MAX });
/** Any batch a client could send: a uint32 first seq that leaves room for its count, 1..4 inputs. */
const batch = fc
  .array(fc.record({ x: axis, y: axis }), { minLength: 1, maxLength: INPUTS_PER_MESSAGE })
  .chain((inputs) =>
    fc.record({ inputs: fc.constant(inputs), firstSeq: fc.integer({ min: 0, max: 0xffff_ffff - inputs.length + 1 }) }),
  );

function frameOf({ firstSeq, inputs }: { firstSeq: number; inputs: { x: number; y: number }[] }): Uint8Array {
  const out = new Uint8Array(INPUT_FRAME_MAX_BYTES);
  return out.subarray(0, encodeInputFrame(out, firstSeq, inputs, inputs.length));
}

describe('checkFrame (property-based; fast-check prints the seed on failure)', () => {
  test('never throws, and every input frame it accepts decodes into in-range inputs with consecutive seqs', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 20 }),
      fc.uint8Array({ maxLength: 18 }).map((tail) => Uint8Array.of(Protocol.ROOM_DATA_BYTES, 0, ...tail)),
    );
    fc.assert(
      fc.property(bytes, fc.boolean(), (frame, joined) => {
        const verdict = checkFrame(frame, true, context(joined));
        if (verdict.ok && verdict.kind === 'input') {
          const seqs: number[] = [];
          const fault = decodeInputPayload(frame.subarray(INPUT_FRAME_PREFIX_BYTES), {
            accept: (seq, x, y) => {
              seqs.push(seq);
              expect(
                Math.abs(x) <= AXIS_MAX && Math.abs(y) <= AXIS_MAX && Number.isInteger(x) && Number.isInteger(y),
              ).toBe(true);
            },
          });
          expect(fault).toBeUndefined();
          expect(seqs.every((seq, i) => i === 0 || seq === seqs[i - 1]! + 1)).toBe(true);
        }
        // Codes the game never sends (the input channel included), with any modifier bit or any length, are never accepted.
        if (
          ([Protocol.ROOM_INPUT_RELIABLE, Protocol.ROOM_INPUT_UNRELIABLE, Protocol.ROOM_REQUEST] as number[]).includes(
            frame[0]! & 0x1f,
          )
        )
          expect(verdict.ok).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  test('accepts every input batch encodeInputFrame writes', () => {
    fc.assert(
      fc.property(batch, (sent) => {
        expect(checkFrame(frameOf(sent), true, context())).toEqual({ ok: true, kind: 'input' });
      }),
      { numRuns: 1000 },
    );
  });

  test.each([
    { what: 'the join ack first', frame: [Protocol.JOIN_ROOM], joined: false, verdict: 'join' },
    { what: 'anything before the join ack', frame: [Protocol.PING], joined: false, verdict: 'before-join' },
    { what: 'a second join ack', frame: [Protocol.JOIN_ROOM], joined: true, verdict: 'repeated-join' },
    { what: '14 00 ff', frame: [0x14, 0x00, 0xff], joined: true, verdict: 'unknown-code' },
    { what: 'a timed input', frame: [0x93, 0x00], joined: true, verdict: 'modifier-bits' },
    { what: 'an input on the input channel', frame: [0x13, 0x80, 1], joined: true, verdict: 'unknown-code' },
    { what: 'an input batch', frame: [0x11, 0, 7, 0, 0, 0, 2, 1, 2, 0xff, 0x81], joined: true, verdict: 'input' },
    { what: 'a batch of no input', frame: [0x11, 0, 7, 0, 0, 0, 0], joined: true, verdict: 'bad-input' },
    {
      what: 'a batch of five inputs',
      frame: [0x11, 0, 7, 0, 0, 0, 5, ...Array.from({ length: 10 }, () => 1)],
      joined: true,
      verdict: 'bad-input',
    },
    { what: 'a batch a byte short', frame: [0x11, 0, 7, 0, 0, 0, 2, 1, 2, 3], joined: true, verdict: 'bad-input' },
    { what: 'a batch a byte long', frame: [0x11, 0, 7, 0, 0, 0, 1, 1, 2, 3], joined: true, verdict: 'bad-input' },
    { what: 'an axis of -128', frame: [0x11, 0, 7, 0, 0, 0, 1, 0x80, 0], joined: true, verdict: 'bad-input' },
    {
      what: 'a seq past uint32',
      frame: [0x11, 0, 0xff, 0xff, 0xff, 0xff, 2, 1, 2, 3, 4],
      joined: true,
      verdict: 'bad-input',
    },
    { what: 'another bytes type', frame: [0x11, 1, 7, 0, 0, 0, 1, 1, 2], joined: true, verdict: 'bad-input' },
    {
      what: 'a bytes type by name',
      frame: [0x11, 0xa1, 0x30, 7, 0, 0, 0, 1, 1, 2],
      joined: true,
      verdict: 'bad-input',
    },
    { what: 'a rename', frame: [0x0d, 0xa6, ...Buffer.from('rename'), 0xc0], joined: true, verdict: 'message:rename' },
    {
      what: 'an unknown type',
      frame: [0x0d, 0xa4, ...Buffer.from('chat'), 0xc0],
      joined: true,
      verdict: 'unknown-message-type',
    },
    { what: 'a numeric type', frame: [0x0d, 0x63, 0xc0], joined: true, verdict: 'bad-message-type' },
    {
      what: 'an oversized rename',
      frame: [0x0d, 0xa6, ...Buffer.from('rename'), ...new Uint8Array(200)],
      joined: true,
      verdict: 'message-too-large',
    },
  ])('judges $what', ({ frame, joined, verdict }) => {
    const result = checkFrame(Uint8Array.from(frame), true, context(joined));
    expect(result.ok ? result.kind : result.reason).toBe(verdict);
  });
});

describe('AddressResolver', () => {
  const req = (peer: string, forwarded?: string) =>
    ({
      socket: { remoteAddress: peer },
      headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
    }) as unknown as IncomingMessage;

  test('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(new AddressResolver([]).resolve(req('::ffff:198.51.100.7', '203.0.113.1'))).toBe('198.51.100.7');
  });

  test('reads X-Forwarded-For from the right through trusted proxies only', () => {
    const resolver = new AddressResolver(['loopback', '10.0.0.2']);
    // The client wrote a fake first hop; the proxies appended the real one.
    expect(resolver.resolve(req('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2'))).toBe('198.51.100.7');
    expect(resolver.resolve(req('127.0.0.1'))).toBe('127.0.0.1');
  });
});
