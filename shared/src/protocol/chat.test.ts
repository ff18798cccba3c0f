import { describe, expect, test } from 'vitest';
import {
  CHAT_MAX_LENGTH,
  ChatMessage,
  describeCrowd,
  describeFeedEvent,
  describeKill,
  type CrowdEvent,
  type FeedEvent,
} from './chat.ts';

describe('ChatMessage', () => {
  test('accepts a line and returns it cleaned', () => {
    expect(ChatMessage.parse({ text: ' gg \t wp ' })).toEqual({ text: 'gg wp' });
  });

  test.each([
    ['evil\u202etxt.exe', 'eviltxt.exe'],
    ['zero\u200bwidth', 'zerowidth'],
    ['<b>tags stay text</b>', '<b>tags stay text</b>'],
  ])('cleans %j to %j', (raw, clean) => {
    expect(ChatMessage.parse({ text: raw }).text).toBe(clean);
  });

  test.each([
    [{ text: '' }, 'chat text must contain at least one visible character'],
    [{ text: ' \u200b\n ' }, 'chat text must contain at least one visible character'],
    [{ text: 'x'.repeat(CHAT_MAX_LENGTH + 1) }, `chat text must be at most ${CHAT_MAX_LENGTH} characters`],
    [{ text: 'x'.repeat(CHAT_MAX_LENGTH * 10) }, `chat text must be at most ${CHAT_MAX_LENGTH} characters`],
  ])('refuses %#: %s', (payload, message) => {
    const parsed = ChatMessage.safeParse(payload);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });

  test('refuses a payload that is not a string', () => {
    expect(ChatMessage.safeParse({ text: 42 }).success).toBe(false);
    expect(ChatMessage.safeParse('hello').success).toBe(false);
  });
});

test.each<[FeedEvent, string]>([
  [{ kind: 'ate', eaterId: 'a', eater: 'Ann', preyId: 'b', prey: 'Ben' }, 'Ann ate Ben'], // read by 'c'
  [{ kind: 'joined', id: 'a', name: 'Ann', bot: false }, 'Ann joined'],
  [{ kind: 'left', id: 'r', name: 'Robo', bot: true }, 'Robo left (bot)'],
  [{ kind: 'crowd', change: 'joined', names: ['Ann', 'Ben'], count: 14, bots: 0 }, 'Ann, Ben and 12 others joined'],
  [{ kind: 'round-ending', seconds: 10 }, 'Round ends in 10 s'],
  [{ kind: 'round-ended', round: 2, winner: 'Ann' }, 'Round over: Ann wins'],
  [{ kind: 'round-ended', round: 2, winner: '' }, 'Round over'],
])('describes the feed event %j as %j', (event, line) => {
  expect(describeFeedEvent(event, 'c')).toBe(line);
});

const kill = { kind: 'ate' as const, eaterId: 'a', eater: 'Ann', preyId: 'b', prey: 'Ben' };

test.each([
  ['a', 'You ate Ben'],
  ['b', 'Ann ate you'],
  ['c', 'Ann ate Ben'],
])('read by %s, a kill is "%s" in the chat feed, worded as the kill feed words it', (readerId, line) => {
  expect(describeFeedEvent(kill, readerId)).toBe(line);
  expect(describeKill(kill, readerId)).toBe(line);
});

/** A crowd event: `change` the burst's direction, `names` its first players, `count` all of them, `bots` of them bots. */
const crowd = (change: CrowdEvent['change'], names: string[], [count, bots = 0]: [number, number?]): CrowdEvent => ({
  kind: 'crowd',
  change,
  names,
  count,
  bots,
});

test.each<[CrowdEvent, string]>([
  [crowd('joined', ['Ann'], [1]), 'Ann joined'],
  [crowd('joined', ['Ann', 'Ben'], [2]), 'Ann and Ben joined'],
  [crowd('left', ['Ann', 'Ben'], [3]), 'Ann, Ben and 1 other left'],
  [crowd('joined', ['Ann', 'Ben'], [45]), 'Ann, Ben and 43 others joined'],
  [crowd('left', ['Robo', 'Bolt'], [5, 5]), 'Robo, Bolt and 3 others left (bots)'],
  [crowd('left', ['Robo'], [1, 1]), 'Robo left (bot)'],
  [crowd('joined', ['Ann', 'Ben'], [12, 3]), 'Ann, Ben and 10 others joined (3 bots)'],
  [crowd('joined', ['Ann', 'Ben'], [4, 1]), 'Ann, Ben and 2 others joined (1 bot)'],
  // A server naming more than CROWD_NAMES still makes one short line; names alone still count.
  [crowd('joined', ['Ann', 'Ben', 'Cat', 'Dan'], [4]), 'Ann, Ben and 2 others joined'],
  [crowd('joined', [], [7]), '7 players joined'],
])('a burst of joins or leaves %j reads as the one line %j', (event, line) => {
  expect(describeCrowd(event)).toBe(line);
  expect(describeFeedEvent(event, 'c')).toBe(line);
});
