import { NAME_MAX_LENGTH } from '../constants.ts';

/*
 * One validator for every name a player types: the join nickname, a rename, the client's form, and
 * (issue 9) chat lines through cleanDisplayText. Each rule answers an abuse seen on a live server.
 */

/**
 * Removed outright: control characters (Cc), format characters (Cf: the bidirectional overrides and
 * isolates U+202A-U+202E / U+2066-U+2069, the marks U+200E/U+200F/U+061C, zero-width space, joiners,
 * word joiner, BOM, soft hyphen, Mongolian vowel separator...), unassigned (Cn) and private-use (Co)
 * code points, line and paragraph separators. Such characters reorder or hide what others see.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800]/gu;
/** Any run of spaces (including exotic widths like U+3000 or U+2003) becomes one ordinary space. */
const SPACES = /[\p{Zs}\s]+/gu;
/**
 * A lone surrogate (broken UTF-16), or U+FFFD, which is what a lone surrogate becomes once encoded as
 * UTF-8 on the wire: either way the text is broken, and storing it would show another character.
 */
const BROKEN = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/;
/** Combining marks stacked on one base character beyond this are cut (a "Zalgo" flood). */
const MAX_MARKS_PER_CHARACTER = 2;
const MARK_RUN = /\p{M}+/gu;
/** What makes a name visible: a letter, digit, punctuation or symbol. */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;
/** Scripts whose letters imitate each other ("pаypal" with a Cyrillic а); one name uses one of them. */
const CONFUSABLE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u] as const;

/** Why a name was refused, with the message shown to the player. */
export type NameProblem = { ok: false; reason: NameRefusal; message: string };
export type NameRefusal = 'not-text' | 'lone-surrogate' | 'empty' | 'too-long' | 'mixed-scripts';
export type NameResult = { ok: true; name: string } | NameProblem;

/**
 * Cleans display text typed by a player: NFC, invisible and reordering characters removed,
 * combining marks capped per character, spaces collapsed and trimmed. Refuses lone surrogates and
 * text with nothing visible left. `maxLength` counts UTF-16 units of the cleaned text, like the
 * form's `maxlength`. Used for nicknames (see cleanName) and exported for chat lines.
 */
export function cleanDisplayText(raw: unknown, maxLength: number): NameResult {
  if (typeof raw !== 'string') return refuse('not-text', `expected text, got ${raw === null ? 'null' : typeof raw}`);
  if (BROKEN.test(raw)) return refuse('lone-surrogate', 'contains a broken character (lone surrogate)');
  // Invisible characters go before NFC: one between two combining marks would otherwise leave them
  // out of canonical order once removed, and cleaning the result again would change it. The last NFC
  // composes what capping marks and collapsing spaces made adjacent, so a clean name cleans to itself.
  const text = raw
    .replace(INVISIBLE, '')
    .normalize('NFC')
    .replace(MARK_RUN, (marks) => [...marks].slice(0, MAX_MARKS_PER_CHARACTER).join(''))
    .replace(SPACES, ' ')
    .trim()
    .normalize('NFC');
  if (!VISIBLE.test(text)) return refuse('empty', 'must contain at least one visible character');
  if (text.length > maxLength) return refuse('too-long', `must be at most ${maxLength} characters`);
  return { ok: true, name: text };
}

/**
 * The nickname rule: cleanDisplayText with NAME_MAX_LENGTH, and letters from at most one of Latin,
 * Cyrillic and Greek (the scripts that imitate each other), so nobody can pass for another player
 * with look-alike letters. Full UTS #39 confusable detection is out of scope (see docs/security.md).
 */
export function cleanName(raw: unknown): NameResult {
  const result = cleanDisplayText(raw, NAME_MAX_LENGTH);
  if (!result.ok) return result;
  const scripts = CONFUSABLE_SCRIPTS.filter((script) => script.test(result.name)).length;
  if (scripts > 1) return refuse('mixed-scripts', 'must not mix Latin, Cyrillic and Greek letters');
  return result;
}

function refuse(reason: NameRefusal, message: string): NameProblem {
  return { ok: false, reason, message: `name ${message}` };
}
