import { describe, expect, test } from 'vitest';
import { normalizeRoomCode, ROOM_CODE_ALPHABET } from './rooms.ts';

describe('room codes', () => {
  test('the alphabet has no characters that read alike (0/O, 1/I/L)', () => {
    for (const ambiguous of '0O1IL') expect(ROOM_CODE_ALPHABET).not.toContain(ambiguous);
    expect(new Set(ROOM_CODE_ALPHABET).size).toBe(ROOM_CODE_ALPHABET.length);
  });

  test.each([
    ['k7qx9b', 'K7QX9B'],
    [' K7Q-X9B ', 'K7QX9B'],
    ['k7q x9b', 'K7QX9B'],
    // Not a code (a public room id, or a code with a character codes never use): only trimmed.
    ['Ab3_xYz9q', 'Ab3_xYz9q'],
    [' o7qx9b ', 'o7qx9b'],
  ])('"%s" is read as "%s"', (typed, expected) => {
    expect(normalizeRoomCode(typed)).toBe(expected);
  });
});
