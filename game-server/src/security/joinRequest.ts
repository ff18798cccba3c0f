import { ServerError } from '@colyseus/core';
import { JoinOptions, MatchmakeRefusal, describeIssues } from '@orb-arena/shared';

/**
 * Validates a matchmaking request's options before any room is created or a seat reserved, and
 * returns a fresh object holding only the known fields, with `matchSeconds` always set (quick play
 * gets the server's default). Rooms are matched on matchSeconds, so quick play lands only in
 * default-length rooms, and a `__proto__` key or any other extra key in the body cannot reach the
 * filter or onCreate. Throws a ServerError (400) that says what was wrong.
 *
 * Kept apart from the room so an `onAuth` (issue 8) or another room type can call it too.
 */
export function parseJoinRequest(options: unknown, defaultMatchSeconds: number): JoinOptions & { matchSeconds: number } {
  const parsed = JoinOptions.safeParse(options);
  if (!parsed.success) {
    throw new ServerError(MatchmakeRefusal.InvalidOptions, `invalid join options: ${describeIssues(parsed.error.issues)}`);
  }
  return { name: parsed.data.name, matchSeconds: parsed.data.matchSeconds ?? defaultMatchSeconds };
}
