import {
  ErrorCode,
  LEADERBOARD_ROOM,
  LeaderboardRoomMessage,
  ServerMessage,
  periodEnd,
  periodKey,
  type ApiErrorResponse,
  type LeaderboardChanged,
  type LeaderboardPageResponse,
} from '@orb-arena/shared';
import { matchMaker } from '@colyseus/core';
import express from 'express';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { guestIdOf } from '../../game-client/src/net/gameClient.ts';
import { LeaderboardApi, PAGE_CACHE_MS } from '../src/http/leaderboardApi.ts';
import { LEADERBOARD_CHANNEL } from '../src/persistence/LeaderboardFeed.ts';
import type { ScoreSubmission } from '../src/persistence/LeaderboardStore.ts';
import { SqliteLeaderboardStore } from '../src/persistence/SqliteLeaderboardStore.ts';
import { playerIdOf, steerToNearestOrb, useTestServer, waitForMessage, whileDriving } from './harness.ts';

const server = useTestServer();

/** GET /api/leaderboard with `query`, optionally as the guest holding `token`. */
async function get(query: string, token?: string): Promise<{ status: number; cache: string | null; body: unknown }> {
  const response = await fetch(`${server.endpoint}/api/leaderboard${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: response.status, cache: response.headers.get('cache-control'), body: await response.json() };
}

function submission(playerId: string, score: number, board = 'classic'): ScoreSubmission {
  return { key: `seed:1:${playerId}`, mode: board, playerId, name: `n-${playerId}`, score, achievedAt: Date.now() };
}

describe('GET /api/leaderboard', () => {
  test('answers a page of the daily board by default, with ranks, the period and its reset', async () => {
    for (let i = 1; i <= 12; i++) await server.store.submit(submission(`api-${i}`, 1000 + i, 'api-page'));
    const before = Date.now();
    const { status, cache, body } = await get('?board=api-page&limit=5&offset=5');
    expect(status).toBe(200);
    expect(cache).toBe('public, max-age=2');
    const page = body as LeaderboardPageResponse;
    expect(page).toMatchObject({ board: 'api-page', period: 'daily', total: 12, me: null });
    expect([periodKey('daily', before), periodKey('daily', Date.now())]).toContain(page.periodKey);
    expect(page.resetsAt).toBe(periodEnd('daily', Date.parse(`${page.periodKey.slice(1)}T00:00:00Z`)));
    expect(page.rows.map((row) => [row.rank, row.playerId, row.score])).toEqual([
      [6, 'api-7', 1007],
      [7, 'api-6', 1006],
      [8, 'api-5', 1005],
      [9, 'api-4', 1004],
      [10, 'api-3', 1003],
    ]);
  });

  test('around=me centres the page on the caller and returns its own row', async () => {
    const guest = await server.client();
    const me = guestIdOf(guest)!;
    for (let i = 1; i <= 20; i++) await server.store.submit(submission(`near-${i}`, i * 10, 'api-around'));
    await server.store.submit(submission(me, 105, 'api-around'));

    const { status, cache, body } = await get('?board=api-around&period=weekly&around=me', guest.auth.token);
    expect(status).toBe(200);
    expect(cache).toBe('private, no-store');
    const page = body as LeaderboardPageResponse;
    expect(page.me).toMatchObject({ playerId: me, rank: 11, score: 105 });
    expect(page.rows.map((row) => row.rank)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    expect(page.rows[5]!.playerId).toBe(me);
  });

  test.each([
    ['?limit=0', 'invalid leaderboard query: limit: Too small: expected number to be >=1'],
    ['?limit=101', 'invalid leaderboard query: limit: Too big: expected number to be <=100'],
    ['?limit=ten', 'invalid leaderboard query: limit: must be a whole number'],
    ['?offset=-3', 'invalid leaderboard query: offset: must be a whole number'],
    ['?limit=5&limit=6', 'invalid leaderboard query: limit: Invalid input: expected string, received array'],
    ['?period=monthly', 'invalid leaderboard query: period: Invalid option: expected one of "all"|"daily"|"weekly"'],
    [
      '?board=Classic!',
      'invalid leaderboard query: board: board must be 1-24 lower-case letters, digits or dashes, starting with a letter',
    ],
    ['?around=you', 'invalid leaderboard query: around: Invalid input: expected "me"'],
    ['?sort=asc', 'invalid leaderboard query: payload: Unrecognized key: "sort"'],
  ])('answers %s with 400 and what was wrong', async (query, error) => {
    const { status, cache, body } = await get(query);
    expect(status).toBe(400);
    expect(cache).toBe('no-store');
    expect(body).toEqual({ code: ErrorCode.InvalidQuery, error } satisfies ApiErrorResponse);
  });

  test('around=me without a token, or with a tampered one, is 401', async () => {
    expect(await get('?around=me')).toMatchObject({
      status: 401,
      body: {
        code: ErrorCode.InvalidToken,
        error: 'around=me: a guest token is required: sign in at POST /auth/anonymous',
      },
    });
    const token = (await server.client()).auth.token!;
    const tampered = `${token.slice(0, -4)}AAAA`;
    expect(await get('?around=me', tampered)).toMatchObject({
      status: 401,
      body: { code: ErrorCode.InvalidToken, error: 'around=me: guest token refused: invalid signature' },
    });
  });
});

describe('live leaderboard', () => {
  test("a leaderboard room hears when a round puts a player in a board's top", async () => {
    const listener = await (await server.client()).joinOrCreate(LEADERBOARD_ROOM);
    try {
      const changed = new Promise<LeaderboardChanged>((resolve) =>
        listener.onMessage(LeaderboardRoomMessage.Changed, (message: LeaderboardChanged) => resolve(message)),
      );
      const room = await server.join({ name: 'live', matchSeconds: 3 });
      await whileDriving(room, steerToNearestOrb(room), waitForMessage(room, ServerMessage.RoundResults));
      expect(await changed).toEqual({ board: 'classic', periods: ['all', 'daily', 'weekly'] });

      const { body } = await get('?period=all&limit=3');
      expect((body as LeaderboardPageResponse).rows[0]).toMatchObject({ playerId: playerIdOf(room), name: 'live' });
    } finally {
      await listener.leave();
    }
  });

  test("a cached page is served until the board's top changes or PAGE_CACHE_MS passes", async () => {
    let clock = Date.UTC(2026, 10, 30, 12);
    const store = new SqliteLeaderboardStore(':memory:', { now: () => clock });
    const api = new LeaderboardApi(store, () => clock);
    const app = express().use('/lb', api.router);
    const http: HttpServer = await new Promise((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const read = async () => {
      const { port } = http.address() as AddressInfo;
      const page = (await (await fetch(`http://127.0.0.1:${port}/lb?board=cached`)).json()) as LeaderboardPageResponse;
      return page.rows.map((row) => row.playerId);
    };
    try {
      await store.submit({ ...submission('c1', 5, 'cached'), achievedAt: clock });
      expect(await read()).toEqual(['c1']);
      await store.submit({ ...submission('c2', 9, 'cached'), achievedAt: clock });
      expect(await read()).toEqual(['c1']); // from the cache
      const change: LeaderboardChanged = { board: 'cached', periods: ['daily'] };
      await matchMaker.presence.publish(LEADERBOARD_CHANNEL, change);
      expect(await read()).toEqual(['c2', 'c1']);

      await store.submit({ ...submission('c3', 7, 'cached'), achievedAt: clock });
      expect(await read()).toEqual(['c2', 'c1']);
      clock += PAGE_CACHE_MS; // the cache expires on its own too
      expect(await read()).toEqual(['c2', 'c3', 'c1']);
    } finally {
      api.close();
      http.close();
      await store.close();
    }
  });
});
