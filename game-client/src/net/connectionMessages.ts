import { CloseCode } from '@colyseus/sdk';

/**
 * Why the connection to a room ended, as a sentence a player understands (no close codes). `code` is
 * the WebSocket close code the SDK reported.
 */
export function describeLeave(code: number): string {
  switch (code) {
    case CloseCode.CONSENTED:
    case CloseCode.NORMAL_CLOSURE:
      return 'You left the match.';
    case CloseCode.SERVER_SHUTDOWN:
      return 'The server is restarting, so the match ended.';
    case CloseCode.WITH_ERROR:
      return 'The server ended this game after a problem with the connection. Press Play to start again.';
    case CloseCode.FAILED_TO_RECONNECT:
      return 'The connection was lost and the match could not be rejoined: it may have ended while you were away.';
    default:
      return 'The connection to the server was lost.';
  }
}

/** True when the server was not reached at all (down, restarting, or no network), so trying again may work. */
export function isServerUnreachable(error: unknown): boolean {
  if (error instanceof TypeError) return true; // fetch() fails with a TypeError when nothing answers
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 502 || code === 503 || code === 504) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /failed to fetch|fetch failed|networkerror|load failed|econnrefused|socket hang up/i.test(message);
}

/** What the player reads while the client keeps trying to reach the server. */
export const RESTARTING_MESSAGE = 'The server is restarting, reconnecting…';

/** What the player reads when the client gave up trying: the choice is theirs. */
export const UNREACHABLE_MESSAGE =
  "The game server can't be reached right now. Check your connection, then press Play to try again.";
