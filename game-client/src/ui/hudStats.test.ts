import type { ArenaState } from '@orb-arena/shared';
import { expect, test } from 'vitest';
import { ownStats, watchedStats, watchersText } from './hud.ts';

/*
 * A spectator has no player of its own: its stats bar showed "0 mass · 0 pts". It shows the followed
 * player instead, whose score and rank come from the public leaderboard (they are sent to their owner only).
 */

const state = {
  players: new Map([
    ['ann', { name: 'Ann', mass: 25 }], // as a spectator decodes another player (no owner-only fields)
    ['cy', { name: 'Cy', mass: 14, score: 8, rank: 12 }], // followed: its owner-only fields are sent too
    ['me', { name: 'Me', mass: 12, score: 3, rank: 2, bestToday: 9 }],
  ]),
  leaderboard: [{ id: 'ann', name: 'Ann', score: 42, rank: 1 }],
  playerCount: 2,
} as unknown as ArenaState;

test('a player sees its own mass, points, best today and rank', () => {
  expect(ownStats(state, 'me')).toEqual({
    mass: '12',
    score: '3',
    bestToday: 'best today 9',
    rank: '#2 of 2',
    watched: null,
  });
});

test.each([
  ['follows Ann', 'ann', { mass: '25', score: '42', bestToday: null, rank: '#1 of 2', watched: 'Ann' }],
  ['has a free camera', null, { mass: '-', score: '-', bestToday: null, rank: '-', watched: 'free camera' }],
  [
    'follows a player off the leaderboard',
    'cy',
    { mass: '14', score: '8', bestToday: null, rank: '#12 of 2', watched: 'Cy' },
  ],
  ['follows a player not in view yet', 'bob', { mass: '-', score: '-', bestToday: null, rank: '-', watched: '-' }],
])('a spectator that %s sees that player or dashes, never zeros', (_case, followId, shown) => {
  expect(watchedStats(state, followId)).toEqual(shown);
});

test.each([
  [undefined, null],
  [0, null],
  [1, '1 watching'],
  [3, '3 watching'],
])('with %s spectators the stats bar says %s', (count, shown) => {
  expect(watchersText(count)).toBe(shown);
});
