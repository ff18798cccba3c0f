import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { NAME_MAX_LENGTH } from '../constants.ts';
import { JoinOptions, RenameMessage } from './messages.ts';
import { cleanName } from './names.ts';

/** What any accepted name satisfies, whatever was typed. */
function expectCleanName(name: string): void {
  expect(name.length).toBeLessThanOrEqual(NAME_MAX_LENGTH);
  expect(name).not.toMatch(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\uFFFD]/u);
  expect(name).toMatch(/[\p{L}\p{N}\p{P}\p{S}]/u);
  expect(name).toBe(name.trim());
  expect(cleanName(name)).toEqual({ ok: true, name }); // cleaning is idempotent
}

/** Payloads as hostile clients send them: anything JSON-like, and names of any UTF-16 units. */
const anyName = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.anything(),
);

describe('message validators against arbitrary payloads (fast-check prints the seed on failure)', () => {
  test('rename: never throws; what it accepts is a clean name', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ name: anyName })), (payload) => {
        const parsed = RenameMessage.safeParse(payload);
        if (parsed.success) expectCleanName(parsed.data.name);
      }),
      { numRuns: 3000 },
    );
  });

  test('join options: never throw; what they accept has a clean name and a round length in range', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc.record({ name: anyName, matchSeconds: fc.oneof(fc.integer(), fc.double(), fc.anything()) }),
        ),
        (payload) => {
          const parsed = JoinOptions.safeParse(payload);
          if (!parsed.success) return;
          expectCleanName(parsed.data.name);
          const seconds = parsed.data.matchSeconds;
          if (seconds !== undefined) expect(Number.isInteger(seconds) && seconds >= 3 && seconds <= 3600).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
