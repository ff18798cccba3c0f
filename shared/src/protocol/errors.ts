/**
 * Error and close codes the server uses beyond Colyseus's own (4000-4099 are Colyseus's; ours start
 * at 4400). Shared so the client can say what happened.
 */
export const ErrorCode = {
  /** Join options failed validation (bad name, bad matchSeconds). */
  InvalidJoinOptions: 4400,
  /** A client message failed validation. */
  InvalidMessage: 4401,
  /**
   * The guest token is missing, malformed, tampered with or expired. An HTTP status, not a close code:
   * the room's onAuth runs during matchmaking, which answers with the code as its status.
   */
  InvalidToken: 401,
  /** A leaderboard API query failed validation (HTTP 400; this code is in the JSON body). */
  InvalidQuery: 4421,
  /** Something unexpected went wrong on the server. */
  Internal: 4500,
  /**
   * The server cannot seat anyone right now (its Redis is unreachable, or every process is draining).
   * An HTTP status, unlike the others: matchmaking answers over HTTP, which only carries 200-599.
   */
  Unavailable: 503,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * HTTP statuses of matchmaking requests refused before a room or seat is touched (the SDK's
 * MatchMakeError.code; HTTP needs a status in 200-599, so these are not ErrorCode values).
 */
export const MatchmakeRefusal = {
  /** Join options failed validation (bad name, bad matchSeconds). */
  InvalidOptions: 400,
  /** A per-address limit (room creations, unused seat reservations). */
  TooMany: 429,
  /** The process holds as many rooms as it may. */
  Full: 503,
} as const;
export type MatchmakeRefusal = (typeof MatchmakeRefusal)[keyof typeof MatchmakeRefusal];

/** A failure the game knows how to name: carries an ErrorCode and keeps the original cause. */
export class GameError extends Error {
  override name = 'GameError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Wraps any thrown value as a GameError (keeping it as the cause) so edges log one shape. */
export function toGameError(error: unknown): GameError {
  if (error instanceof GameError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new GameError(ErrorCode.Internal, message, { cause: error });
}

/** Formats a zod-style issue list as one readable line: "name: must not be empty; ...". */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.') || 'payload'}: ${issue.message}`).join('; ');
}
