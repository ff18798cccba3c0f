import { expect, test } from 'vitest';
import { rankPlayers, topStandings } from './leaderboard.ts';
import type { SimPlayer } from './world.ts';

function player(id: string, score: number, joinOrder: number): SimPlayer {
  return {
    id,
    name: id,
    x: 0,
    y: 0,
    mass: 10,
    score,
    alive: true,
    respawnTick: 0,
    joinOrder,
    spawnTick: 0,
    shielded: false,
    shieldUntilTick: 0,
    bot: false,
  };
}

test.each([
  { why: 'higher score first', players: [player('a', 1, 0), player('b', 9, 1), player('c', 5, 2)], order: 'b c a' },
  { why: 'ties go to the earlier joiner', players: [player('late', 4, 7), player('early', 4, 2)], order: 'early late' },
  {
    why: 'score beats join order',
    players: [player('first', 0, 0), player('second', 3, 1), player('third', 3, 2), player('fourth', 8, 3)],
    order: 'fourth second third first',
  },
  {
    why: 'zero scores keep join order',
    players: [player('z', 0, 3), player('y', 0, 1), player('x', 0, 2)],
    order: 'y x z',
  },
  { why: 'one player ranks alone', players: [player('solo', 2, 0)], order: 'solo' },
  { why: 'nobody gives an empty ranking', players: [], order: '' },
])('rankPlayers orders by score, descending: $why', ({ players, order }) => {
  expect(
    rankPlayers(players)
      .map((p) => p.id)
      .join(' '),
  ).toBe(order);
});

test('rankPlayers reads any iterable, returns a new array and leaves its input alone', () => {
  const players = new Map([
    ['a', player('a', 1, 0)],
    ['b', player('b', 2, 1)],
  ]);
  const ranked = rankPlayers(players.values());
  expect(ranked.map((p) => p.id)).toEqual(['b', 'a']);
  expect([...players.keys()]).toEqual(['a', 'b']);
  const list = [...players.values()];
  expect(rankPlayers(list)).not.toBe(list);
  expect(list.map((p) => p.id)).toEqual(['a', 'b']);
});

test('the ranking does not depend on the order players are listed in', () => {
  const players = Array.from({ length: 12 }, (_, i) => player(`p${i}`, (i * 5) % 4, i));
  const reversed = [...players].reverse();
  expect(rankPlayers(reversed).map((p) => p.id)).toEqual(rankPlayers(players).map((p) => p.id));
});

test('topStandings keeps the best `count` players in rank order, with only their public fields', () => {
  const players = [player('a', 3, 0), player('b', 9, 1), player('c', 5, 2), player('d', 9, 3)];
  const top = topStandings(players, 3);
  expect(top.map((entry) => entry.id)).toEqual(['b', 'd', 'c']);
  expect(Object.keys(top[0]!).sort()).toEqual(['id', 'name', 'score']);
  expect(top[0]!.score).toBe(9);
});
