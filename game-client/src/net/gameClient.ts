import { Client } from '@colyseus/sdk';

/**
 * Which guest identity a new client uses:
 * - 'stored': the token kept in the browser (localStorage, by the SDK) when the server still accepts
 *   it, else a new sign-in that is kept in its place. What a player's browser uses, so a reload or
 *   a visit tomorrow is the same player.
 * - 'fresh': always a new guest. Bots and tests use it: in Node the SDK's storage is one in-memory
 *   map per process, so 'stored' would make every bot in a process the same player.
 */
export type GuestIdentityMode = 'stored' | 'fresh';

/**
 * The one way this project makes an SDK client: signed in as a guest, with the token set for every
 * matchmaking request (the server's onAuth refuses joins without one). `endpoint` is the game server's
 * http(s) URL.
 */
export async function createGameClient(
  endpoint: string,
  options: { identity?: GuestIdentityMode } = {},
): Promise<Client> {
  const client = new Client(endpoint);
  if ((options.identity ?? 'stored') === 'stored' && client.auth.token && (await isTokenAccepted(client))) {
    return client;
  }
  await client.auth.signInAnonymously();
  return client;
}

/**
 * Asks the server whether the stored token is still valid. Only a 401 (expired, or signed with a secret
 * the server no longer has) means a new guest; any other failure is thrown, so a server that is down
 * for a moment does not cost the player their identity.
 */
async function isTokenAccepted(client: Client): Promise<boolean> {
  const exp = readClaims(client.auth.token)?.exp;
  if (typeof exp === 'number' && exp * 1000 <= Date.now()) return false;
  try {
    await client.auth.getUserData();
    return true;
  } catch (error) {
    if ((error as { status?: unknown }).status === 401) return false;
    throw error;
  }
}

/** The payload of a JWT, decoded without verifying it (the server does that), or undefined. */
function readClaims(token: string | undefined): Record<string, unknown> | undefined {
  const part = token?.split('.')[1];
  if (!part) return undefined;
  try {
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The guest player id inside a client's token (to highlight the own row), or undefined. */
export function guestIdOf(client: Client): string | undefined {
  const id = readClaims(client.auth.token)?.id;
  return typeof id === 'string' ? id : undefined;
}
