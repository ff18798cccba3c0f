import { Protocol } from '@colyseus/core';
import { InputDecoder, InputEncoder } from '@colyseus/schema/input';
import { MoveInputPacket } from '@orb-arena/shared';
import fc from 'fast-check';
import type { IncomingMessage } from 'node:http';
import { describe, expect, test } from 'vitest';
import { AddressResolver } from '../../src/security/addresses.ts';
import { checkFrame, type FrameContext } from '../../src/security/frameRules.ts';

const context = (joined = true): FrameContext => ({
  joined,
  messageTypes: new Map([['rename', 128]]),
  inputFields: Object.keys(new MoveInputPacket().toJSON()).length,
});

describe('checkFrame (property-based; fast-check prints the seed on failure)', () => {
  test('never throws, and every input frame it accepts decodes through Colyseus’s own decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.boolean(), (frame, joined) => {
        const verdict = checkFrame(frame, true, context(joined));
        if (verdict.ok && verdict.kind === 'input') {
          const decoded = new InputDecoder(new MoveInputPacket()).decode(frame.subarray(1));
          expect(Number.isInteger(decoded.x) && Number.isInteger(decoded.y)).toBe(true);
        }
        // Codes the game never sends, with any modifier bit or any length, are never accepted.
        if (frame[0] === Protocol.ROOM_INPUT_UNRELIABLE || frame[0] === Protocol.ROOM_REQUEST) expect(verdict.ok).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  test('accepts every input frame the SDK’s encoder writes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -128, max: 127 }), fc.integer({ min: -128, max: 127 })), { maxLength: 20 }), (inputs) => {
        const packet = new MoveInputPacket();
        const encoder = new InputEncoder(packet);
        for (const [x, y] of inputs) {
          packet.x = x;
          packet.y = y;
          const frame = Uint8Array.of(Protocol.ROOM_INPUT_RELIABLE, ...encoder.encode());
          expect(checkFrame(frame, true, context())).toEqual({ ok: true, kind: 'input' });
        }
      }),
      { numRuns: 300 },
    );
  });

  test.each([
    { what: 'the join ack first', frame: [Protocol.JOIN_ROOM], joined: false, verdict: 'join' },
    { what: 'anything before the join ack', frame: [Protocol.PING], joined: false, verdict: 'before-join' },
    { what: 'a second join ack', frame: [Protocol.JOIN_ROOM], joined: true, verdict: 'repeated-join' },
    { what: '14 00 ff', frame: [0x14, 0x00, 0xff], joined: true, verdict: 'unknown-code' },
    { what: 'a timed input', frame: [0x93, 0x00], joined: true, verdict: 'modifier-bits' },
    { what: 'a field twice', frame: [0x13, 0x80, 1, 0x80, 2], joined: true, verdict: 'bad-input' },
    { what: 'a third field', frame: [0x13, 0x82, 1], joined: true, verdict: 'bad-input' },
    { what: 'a rename', frame: [0x0d, 0xa6, ...Buffer.from('rename'), 0xc0], joined: true, verdict: 'message:rename' },
    { what: 'an unknown type', frame: [0x0d, 0xa4, ...Buffer.from('chat'), 0xc0], joined: true, verdict: 'unknown-message-type' },
    { what: 'a numeric type', frame: [0x0d, 0x63, 0xc0], joined: true, verdict: 'bad-message-type' },
    { what: 'an oversized rename', frame: [0x0d, 0xa6, ...Buffer.from('rename'), ...new Uint8Array(200)], joined: true, verdict: 'message-too-large' },
  ])('judges $what', ({ frame, joined, verdict }) => {
    const result = checkFrame(Uint8Array.from(frame), true, context(joined));
    expect(result.ok ? result.kind : result.reason).toBe(verdict);
  });
});

describe('AddressResolver', () => {
  const req = (peer: string, forwarded?: string) =>
    ({ socket: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as IncomingMessage;

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
