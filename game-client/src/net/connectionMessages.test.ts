import { CloseCode } from '@colyseus/sdk';
import { expect, test } from 'vitest';
import { describeLeave, isServerUnreachable } from './connectionMessages.ts';

test.each([
  [CloseCode.CONSENTED, /left the match/],
  [CloseCode.SERVER_SHUTDOWN, /restarting/],
  [CloseCode.WITH_ERROR, /Press Play/],
  [CloseCode.FAILED_TO_RECONNECT, /could not be rejoined/],
  [1006, /connection to the server was lost/],
])('close code %d reads %s, with no number in it', (code, sentence) => {
  expect(describeLeave(code)).toMatch(sentence);
  expect(describeLeave(code)).not.toMatch(/\d/);
});

test.each([
  [new TypeError('Failed to fetch'), true],
  [new Error('fetch failed'), true],
  [Object.assign(new Error('Bad Gateway'), { code: 502 }), true],
  [Object.assign(new Error('room "x" not found'), { code: 4212 }), false],
  [new Error('invalid join options: name: name must not be empty'), false],
])('%s: the server is unreachable = %s', (error, unreachable) => {
  expect(isServerUnreachable(error)).toBe(unreachable);
});
