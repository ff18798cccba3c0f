import { ARENA_ROOM } from '@orb-arena/shared';
import { expect, test } from 'vitest';
import type { MatchSummary } from './Play.ts';
import { describeResults } from './resultsView.ts';

const played: MatchSummary = { roomId: 'r00m1', sessionId: 's1', results: null, spectating: false };
const watched: MatchSummary = { ...played, spectating: true };

test('a player who left is told the match is over and offered another (quick play)', () => {
  expect(describeResults(played, '')).toEqual({
    heading: 'Match over',
    reason: 'You left the match.',
    again: { label: 'Play again', route: { screen: 'play', mode: ARENA_ROOM } },
  });
});

test('a spectator who left is told it stopped watching and offered the same room to watch again', () => {
  expect(describeResults(watched, '')).toEqual({
    heading: 'Stopped watching',
    reason: 'You left the match.',
    again: { label: 'Watch again', route: { screen: 'spectate', room: 'r00m1' } },
  });
});

test('the reason the connection gave is shown as it is, to players and spectators', () => {
  expect(describeResults(played, 'The server restarted.').reason).toBe('The server restarted.');
  expect(describeResults(watched, 'The server restarted.').reason).toBe('The server restarted.');
});

test('without a match (the results URL opened directly) it says so and offers to play', () => {
  expect(describeResults(null, '')).toEqual({
    heading: 'No match',
    reason: 'No match to show.',
    again: { label: 'Play', route: { screen: 'play', mode: ARENA_ROOM } },
  });
});
