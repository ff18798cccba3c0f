import { ServerError } from '@colyseus/core';
import { DEFAULT_MODE, MODES, MatchmakeRefusal, RoomOptions, describeIssues, isModeId } from '@orb-arena/shared';

/**
 * Validates a matchmaking request's options before any room is created or a seat reserved, and
 * returns a fresh object holding only the known fields (RoomOptions). With `defaultMatchSeconds`,
 * `matchSeconds` is always set (quick play gets the mode's round length): rooms are matched on it,
 * so quick play lands only in default-length rooms, and a `__proto__` key or any other extra key in
 * the body cannot reach the filter or onCreate. Throws a ServerError (400) that says what was wrong.
 *
 * Kept apart from the room so an `onAuth` or another room type can call it too.
 */
export function parseJoinRequest(options: unknown, defaultMatchSeconds?: number): RoomOptions {
  const parsed = RoomOptions.safeParse(options);
  if (!parsed.success) {
    throw new ServerError(
      MatchmakeRefusal.InvalidOptions,
      `invalid join options: ${describeIssues(parsed.error.issues)}`,
    );
  }
  const clean: RoomOptions = { ...parsed.data };
  const matchSeconds = parsed.data.matchSeconds ?? defaultMatchSeconds;
  if (matchSeconds !== undefined) clean.matchSeconds = matchSeconds;
  return clean;
}

/**
 * The round length quick play gets in a room type, or undefined for one that is not a game mode
 * (the lobby): the operator's MATCH_SECONDS for the default mode, each other mode's own.
 */
export function defaultRoundLength(roomName: string, operatorMatchSeconds: number): number | undefined {
  if (!isModeId(roomName)) return undefined;
  return roomName === DEFAULT_MODE ? operatorMatchSeconds : MODES[roomName].world.matchSeconds;
}
