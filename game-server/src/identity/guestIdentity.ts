import { JWT, anonymousEndpoint, auth, userdataEndpoint } from '@colyseus/auth';
import { ServerError, createRouter, generateId } from '@colyseus/core';
import { ErrorCode, GUEST_ID_PREFIX, GuestClaims, describeIssues } from '@orb-arena/shared';
import { createSecretKey, randomBytes } from 'node:crypto';

/** How long a guest token stays valid: a player who comes back within a year is recognised. */
export const GUEST_TOKEN_TTL = '365d';

/** Who a joined client is, as the room sees it (`client.auth`): taken from the verified token only. */
export interface PlayerIdentity {
  playerId: string;
}

/** The secret set by configureGuestIdentity, kept as text to compare a second call's against. */
let configuredSecret: string | undefined;

/**
 * Sets the secret that signs and verifies guest tokens. `@colyseus/auth` keeps it process-wide, so two
 * servers in one process must agree: a different secret is an error, not a silent switch. Without a
 * secret, the one already set is kept, or a random one lives as long as the process (tests).
 *
 * The secret is handed over as a KeyObject: given text, jsonwebtoken first tries to parse it as a PEM
 * private and public key on every sign and verify, and both attempts throw (about 0.7 ms of a join's
 * CPU, 50 times the HMAC itself; BENCHMARKS.md). The tokens are the same bytes either way.
 */
export function configureGuestIdentity(secret?: string): void {
  if (secret !== undefined && configuredSecret !== undefined && configuredSecret !== secret) {
    throw new Error('the guest token secret is process-wide and already set to a different value');
  }
  configuredSecret = secret ?? configuredSecret ?? randomBytes(32).toString('hex');
  JWT.settings.secret = createSecretKey(Buffer.from(configuredSecret, 'utf8'));
  auth.settings.onRegisterAnonymously = () => Promise.resolve(newGuest());
  auth.settings.onGenerateToken = (user: unknown) => JWT.sign(user, { expiresIn: GUEST_TOKEN_TTL });
}

/** A new guest: its id is the server's, whatever the sign-in request carried. */
function newGuest(): GuestClaims {
  return { id: `${GUEST_ID_PREFIX}${generateId(21)}`, guest: true };
}

/**
 * The HTTP routes of guest sign-in: POST /auth/anonymous issues a token, GET /auth/userdata echoes a
 * valid one (the client checks a stored token with it). Only these two of `@colyseus/auth`'s routes
 * are mounted: there are no passwords or e-mails here.
 */
export function createIdentityRouter() {
  return createRouter({ 'auth-anonymous': anonymousEndpoint(), 'auth-userdata': userdataEndpoint() });
}

/**
 * Verifies a guest token (signature, expiry, claims) and returns who it names. Throws a ServerError
 * with ErrorCode.InvalidToken, whose message says what was wrong, for a missing, tampered, expired or
 * malformed token. Used by the room's static onAuth (before a seat is reserved) and the HTTP API.
 */
export async function verifyGuestToken(token: string | undefined): Promise<PlayerIdentity> {
  if (!token) {
    throw new ServerError(ErrorCode.InvalidToken, 'a guest token is required: sign in at POST /auth/anonymous');
  }
  let payload: unknown;
  try {
    payload = await JWT.verify(token);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ServerError(ErrorCode.InvalidToken, `guest token refused: ${reason}`);
  }
  const claims = GuestClaims.safeParse(payload);
  if (!claims.success) {
    throw new ServerError(
      ErrorCode.InvalidToken,
      `guest token refused: unexpected claims (${describeIssues(claims.error.issues)})`,
    );
  }
  return { playerId: claims.data.id };
}
