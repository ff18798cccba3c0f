import { z } from 'zod';

/*
 * Minimal text sanitising for player-written text (chat). Issue 7 adds the project's shared name and
 * text sanitiser to this folder; when it lands, ChatText should use it and this file should go.
 */

// Control characters, and the Unicode format characters that reorder or hide text (bidi overrides and
// isolates, zero-width joiners and spaces, the BOM): a message must read the same for everyone.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * Cleans player-written text for display: drops control and invisible formatting characters, folds
 * runs of whitespace into one space and trims. Pure; the result may be empty.
 */
export function cleanText(raw: string): string {
  return raw.replace(UNSAFE_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

/** A zod string that is cleaned with cleanText, then must be 1 to `maxLength` characters. */
export function sanitizedText(what: string, maxLength: number) {
  return z
    .string()
    .max(maxLength * 4, `${what} must be at most ${maxLength} characters`)
    .transform(cleanText)
    .pipe(
      z.string().min(1, `${what} must not be empty`).max(maxLength, `${what} must be at most ${maxLength} characters`),
    );
}
