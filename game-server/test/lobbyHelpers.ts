import type { Room } from '@colyseus/sdk';
import type { ArenaState, JoinOptions } from '@orb-arena/shared';
import { LobbyConnection, type ListedMatch } from '../../game-client/src/net/LobbyConnection.ts';
import { joinRoom, type JoinTarget } from '../../game-client/src/net/matchmaking.ts';
import type { TestServer } from './harness.ts';

/*
 * Helpers for lobby and matchmaking tests. They go through the client's own net/ code (the lobby
 * connection and joinRoom), so the tests exercise what the browser runs.
 */

/** A lobby connection that also remembers every room id it was ever told about. */
export interface WatchedLobby {
  lobby: LobbyConnection;
  /** Every room id the lobby listed at any time. */
  seen: Set<string>;
}

/** Joins the lobby of `server` and records every room id it lists. */
export async function watchLobby(server: TestServer): Promise<WatchedLobby> {
  const lobby = await LobbyConnection.join(server.endpoint);
  const seen = new Set<string>();
  const record = () => lobby.matches.forEach((_match, id) => seen.add(id));
  lobby.onChange(record);
  record();
  return { lobby, seen };
}

/**
 * Resolves with the first truthy value of `check(matches)`, checked now and after every lobby
 * change; `what` names the awaited condition for the timeout message.
 */
export function waitForLobby<T>(
  lobby: LobbyConnection,
  what: string,
  check: (matches: ReadonlyMap<string, ListedMatch>) => T | undefined | null | false,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const first = check(lobby.matches);
    if (first) {
      resolve(first);
      return;
    }
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the lobby never showed ${what}; it lists ${JSON.stringify([...lobby.matches.values()])}`));
    }, 20_000);
    const stop = lobby.onChange(() => {
      const value = check(lobby.matches);
      if (!value) return;
      clearTimeout(timer);
      stop();
      resolve(value);
    });
  });
}

/** What a listed match must show: a description for failures and the check. */
export interface MatchExpectation {
  what: string;
  accept: (match: ListedMatch) => boolean;
}

/** Waits until the lobby lists `roomId` (with a listing `expected.accept` takes) and returns that entry. */
export function waitForMatch(
  lobby: LobbyConnection,
  roomId: string,
  expected: MatchExpectation = { what: 'listed', accept: () => true },
): Promise<ListedMatch> {
  const { what, accept } = expected;
  return waitForLobby(lobby, `${roomId} ${what}`, (matches) => {
    const match = matches.get(roomId);
    return match && accept(match) ? match : undefined;
  });
}

/** A player's room joined through the client's matchmaking (quick play, by id, or a private room). */
export async function joinAs(
  server: TestServer,
  target: JoinTarget,
  options: JoinOptions,
): Promise<Room<unknown, ArenaState>> {
  return joinRoom(await server.client(), target, options);
}

/** The rejection of `promise` (fails if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but it resolved');
    },
    (error: unknown) => error as Error,
  );
}
