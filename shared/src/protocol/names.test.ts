import { describe, expect, test } from 'vitest';
import { NAME_MAX_LENGTH } from '../constants.ts';
import { JoinOptions, Nickname, RenameMessage } from './messages.ts';
import { cleanDisplayText, cleanName } from './names.ts';

describe('cleanName', () => {
  test.each([
    { abuse: 'a right-to-left override', raw: 'ab\u202Edc', name: 'abdc' },
    { abuse: 'bidi isolates and marks', raw: '\u2067evil\u2069\u200F\u061C', name: 'evil' },
    { abuse: 'zero-width characters', raw: 'a\u200Bd\u200Cm\u200Di\u2060n\uFEFF', name: 'admin' },
    { abuse: 'a soft hyphen and a Mongolian vowel separator', raw: 'ad\u00ADmi\u180En', name: 'admin' },
    { abuse: 'control characters', raw: 'a\u0000b\u0007c\u009F', name: 'abc' },
    { abuse: 'a combining-mark flood', raw: `Z${'\u0301'.repeat(40)}`, name: '\u0179\u0301\u0301' },
    { abuse: 'decomposed accents (NFD)', raw: 'Jose\u0301', name: 'Jos\u00E9' },
    { abuse: 'exotic and repeated spaces', raw: '  a\u3000\u2003 b  ', name: 'a b' },
    { abuse: 'line separators', raw: 'a\u2028b\u2029c', name: 'abc' },
    { abuse: 'private-use characters', raw: 'a\uE000b', name: 'ab' },
    { abuse: 'an emoji (allowed)', raw: 'orb 🟢', name: 'orb 🟢' },
  ])('cleans $abuse', ({ raw, name }) => {
    expect(cleanName(raw)).toEqual({ ok: true, name });
  });

  test.each([
    { abuse: 'only zero-width characters', raw: '\u200B\u200C\u200D', reason: 'empty' },
    { abuse: 'only spaces', raw: ' \u3000 ', reason: 'empty' },
    { abuse: 'only combining marks', raw: '\u0301\u0302', reason: 'empty' },
    { abuse: 'Hangul fillers (invisible letters)', raw: '\u3164\u115F\uFFA0', reason: 'empty' },
    { abuse: 'braille blank', raw: '\u2800\u2800', reason: 'empty' },
    { abuse: 'a lone high surrogate', raw: 'ab\uD83D', reason: 'lone-surrogate' },
    { abuse: 'a lone low surrogate', raw: '\uDC00ab', reason: 'lone-surrogate' },
    { abuse: 'a lone surrogate after UTF-8 (U+FFFD)', raw: 'ab\uFFFD', reason: 'lone-surrogate' },
    { abuse: 'a Cyrillic look-alike in a Latin name', raw: 'p\u0430ypal', reason: 'mixed-scripts' },
    { abuse: 'a Greek look-alike in a Latin name', raw: 'B\u03BFb', reason: 'mixed-scripts' },
    { abuse: 'too many characters', raw: 'x'.repeat(NAME_MAX_LENGTH + 1), reason: 'too-long' },
    { abuse: 'a number', raw: 42, reason: 'not-text' },
    { abuse: 'null', raw: null, reason: 'not-text' },
  ])('refuses $abuse', ({ raw, reason }) => {
    const result = cleanName(raw);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reason });
  });

  test('counts the length after cleaning, so invisible padding does not make a name too long', () => {
    expect(cleanName(`${'\u200B'.repeat(50)}short`)).toEqual({ ok: true, name: 'short' });
  });

  test('cleans to a name that cleans to itself when a removed character sat between combining marks', () => {
    // Found by the fuzz test: NFC first kept the NUL between the marks, and removing it afterwards
    // left them out of canonical order, so a second cleaning reordered them.
    const first = cleanName('\u0897\u0000\u{116B6}\u1CE9');
    expect(first.ok).toBe(true);
    expect(cleanName((first as { name: string }).name)).toEqual(first);
  });

  test('keeps a single-script Cyrillic or Greek name', () => {
    expect(cleanName('\u0418\u0432\u0430\u043D')).toEqual({ ok: true, name: 'Иван' });
    expect(cleanName('\u0391\u03B8\u03B7\u03BD\u03AC')).toEqual({ ok: true, name: 'Αθηνά' });
  });
});

describe('cleanDisplayText (for chat)', () => {
  test('uses the caller’s length and allows mixed scripts', () => {
    expect(cleanDisplayText('hi p\u0430ypal', 100)).toEqual({ ok: true, name: 'hi pаypal' });
    expect(cleanDisplayText('x'.repeat(101), 100)).toMatchObject({ ok: false, reason: 'too-long' });
  });
});

describe('the zod schemas use the same rule', () => {
  test('Nickname yields the cleaned name and explains a refusal', () => {
    expect(Nickname.parse(' a\u202Eb ')).toBe('ab');
    const failed = Nickname.safeParse('\u200B');
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0]?.message).toBe('name must contain at least one visible character');
  });

  test('join options and rename both clean the name', () => {
    expect(JoinOptions.parse({ name: 'a\u200Bb' }).name).toBe('ab');
    expect(RenameMessage.safeParse({ name: 'ab\uD800' }).success).toBe(false);
  });
});
