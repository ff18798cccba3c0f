import { expect, test } from 'vitest';
import { describeKill } from './KillFeed.ts';

const kill = { kind: 'ate' as const, eaterId: 'a', eater: 'Ann', preyId: 'b', prey: 'Bob' };

test.each([
  ['a', 'You ate Bob'],
  ['b', 'Ann ate you'],
  ['c', 'Ann ate Bob'],
])('seen by %s the line reads "%s"', (ownId, line) => {
  expect(describeKill(kill, ownId)).toBe(line);
});
