import { describe, expect, test } from 'vitest';
import { CHAT_MAX_LENGTH, ChatMessage, describeFeedEvent, describeKill, type FeedEvent } from './chat.ts';

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
