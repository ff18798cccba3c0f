import { expect, test } from 'vitest';
import { describeMenuPrompt } from './menuPrompt.ts';

test.each([
  { name: 'the menu itself plays', pending: null, button: 'Play', target: null, offerPlay: false },
  {
    name: 'a quick-play link plays',
    pending: { screen: 'play', mode: 'blitz' },
    button: 'Play',
    target: null,
    offerPlay: false,
  },
  {
    name: 'a room link joins that room',
    pending: { screen: 'play', room: 'K7QX9B' },
    button: 'Join',
    target: 'Joining room K7QX9B',
    offerPlay: false,
  },
  {
    name: 'a spectate link watches, says so, and offers to play instead',
    pending: { screen: 'spectate', room: 'abc123' },
    button: 'Watch',
    target: 'You are watching a match: you will join as a spectator.',
    offerPlay: true,
  },
] as const)('$name', ({ pending, button, target, offerPlay }) => {
  expect(describeMenuPrompt(pending)).toEqual({ button, target, offerPlay });
});
