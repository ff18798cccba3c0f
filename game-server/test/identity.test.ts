import { JWT } from '@colyseus/auth';
import { matchMaker } from '@colyseus/core';
import { Client, MatchMakeError } from '@colyseus/sdk';
import { ARENA_ROOM, ErrorCode, PlayerId } from '@orb-arena/shared';
import { KeyObject, createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createGameClient, guestIdOf } from '../../game-client/src/net/gameClient.ts';
import { configureGuestIdentity, verifyGuestToken, type PlayerIdentity } from '../src/identity/guestIdentity.ts';
import { useTestServer, waitForOwnPlayer, type PlayerRoom } from './harness.ts';

const server = useTestServer();

/** The identity the server attached to this client's seat (read on the server's own room instance). */
function serverSideIdentity(room: PlayerRoom): PlayerIdentity | undefined {
  const serverRoom = matchMaker.getLocalRoomById(room.roomId);
  return serverRoom.clients.getById(room.sessionId)?.auth as PlayerIdentity | undefined;
}

/** Joins with `token` as the bearer token (undefined: none) and returns the refusal. */
async function refusedJoin(token: string | undefined): Promise<MatchMakeError> {
  const client = new Client(server.endpoint);
  // Set even when undefined: in Node the SDK reads a token stored by an earlier client in this process.
  client.auth.token = token!;
  const outcome: unknown = await client.joinOrCreate(ARENA_ROOM, { name: 'intruder' }).then(
    async (room) => {
      await room.leave();
      return new Error('the join was accepted');
    },
    (rejection: unknown) => rejection,
  );
  expect(outcome).toBeInstanceOf(MatchMakeError);
  return outcome as MatchMakeError;
}

/** An HS256 JWT of `claims` signed with `secret` (written out, so no other JWT library is needed). */
function signHs256(claims: object, secret: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** A real guest token, as POST /auth/anonymous issues it. */
async function issuedToken(): Promise<string> {
  const client = await server.client();
  return client.auth.token!;
}

describe('guest identity', () => {
  test('a guest signs in, joins, and the room knows it by the id in its token', async () => {
    const client = await server.client();
    const playerId = guestIdOf(client);
    expect(PlayerId.safeParse(playerId).success).toBe(true);

    const room = await client.joinOrCreate(ARENA_ROOM, { name: 'guest' });
    try {
      await waitForOwnPlayer(room as PlayerRoom);
      expect(serverSideIdentity(room as PlayerRoom)).toEqual({ playerId });
    } finally {
      await room.leave();
    }
  });

  test('the player id comes from the token, never from join or sign-in options', async () => {
    const client = new Client(server.endpoint);
    const signIn = await client.auth.signInAnonymously({ id: 'g_chosenByTheClient0000', guest: true });
    expect((signIn.user as { id: string }).id).not.toBe('g_chosenByTheClient0000');

    const room = (await client.joinOrCreate(ARENA_ROOM, {
      name: 'sneaky',
      playerId: 'g_someoneElse000000000',
    })) as PlayerRoom;
    try {
      await waitForOwnPlayer(room);
      expect(serverSideIdentity(room)).toEqual({ playerId: guestIdOf(client) });
    } finally {
      await room.leave();
    }
  });

  test('a returning browser keeps its identity: the stored token is checked and reused', async () => {
    const first = await createGameClient(server.endpoint, { identity: 'stored' });
    const again = await createGameClient(server.endpoint, { identity: 'stored' });
    expect(guestIdOf(again)).toBe(guestIdOf(first));
    const other = await createGameClient(server.endpoint, { identity: 'fresh' });
    expect(guestIdOf(other)).not.toBe(guestIdOf(first));
  });

  test('a join without a token is refused before a seat is reserved', async () => {
    const error = await refusedJoin(undefined);
    expect(error.code).toBe(ErrorCode.InvalidToken);
    expect(error.message).toBe('a guest token is required: sign in at POST /auth/anonymous');
    expect(await matchMaker.query({ name: ARENA_ROOM })).toEqual([]);
  });

  test('a tampered token (claims changed, signature kept) is refused', async () => {
    const [header, payload, signature] = (await issuedToken()).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { id: string };
    claims.id = 'g_AAAAAAAAAAAAAAAAAAAAA';
    const forged = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');

    const error = await refusedJoin(forged);
    expect(error.code).toBe(ErrorCode.InvalidToken);
    expect(error.message).toBe('guest token refused: invalid signature');
  });

  test('a token signed with another secret is refused', async () => {
    const foreign = signHs256({ id: 'g_BBBBBBBBBBBBBBBBBBBBB', guest: true }, 'x'.repeat(64));
    const error = await refusedJoin(foreign);
    expect(error.code).toBe(ErrorCode.InvalidToken);
    expect(error.message).toBe('guest token refused: invalid signature');
  });

  test('an expired token is refused', async () => {
    const expired = await JWT.sign({
      id: 'g_CCCCCCCCCCCCCCCCCCCCC',
      guest: true,
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    const error = await refusedJoin(expired);
    expect(error.code).toBe(ErrorCode.InvalidToken);
    expect(error.message).toBe('guest token refused: jwt expired');
  });

  test('a validly signed token without guest claims is refused', async () => {
    const odd = await JWT.sign({ id: 'admin' });
    const error = await refusedJoin(odd);
    expect(error.code).toBe(ErrorCode.InvalidToken);
    expect(error.message).toMatch(/^guest token refused: unexpected claims \(id: player id must be/);
  });

  test('garbage in the token slot is refused', async () => {
    const error = await refusedJoin('not-a-jwt');
    expect(error.code).toBe(ErrorCode.InvalidToken);
    expect(error.message).toBe('guest token refused: jwt malformed');
  });
  test('the secret is held as a key: a token made with its text verifies, another secret cannot replace it', async () => {
    // A KeyObject spares jsonwebtoken two failed PEM parses per sign and verify (0.7 ms a join).
    expect(JWT.settings.secret).toBeInstanceOf(KeyObject);
    const secret = (JWT.settings.secret as KeyObject).export().toString('utf8');
    // What another process holding the same text (a second server, an older build) signs is accepted.
    const handMade = signHs256({ id: 'g_DDDDDDDDDDDDDDDDDDDDD', guest: true }, secret);
    await expect(verifyGuestToken(handMade)).resolves.toEqual({ playerId: 'g_DDDDDDDDDDDDDDDDDDDDD' });
    configureGuestIdentity(secret); // the same secret again is fine
    expect(() => configureGuestIdentity('y'.repeat(64))).toThrow(/already set to a different value/);
  });
});
