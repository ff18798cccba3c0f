import { describe, expect, test } from 'vitest';
import { DeathTimer } from './deathTimer.ts';

describe('DeathTimer', () => {
  test('stays open while the state still shows the old life, then through the death, until the player is back', () => {
    const timer = new DeathTimer(1000, 3000);
    expect(timer.isOver(true, 1010)).toBe(false); // the message came a patch before the state
    expect(timer.isOver(false, 1050)).toBe(false);
    expect(timer.isOver(false, 3900)).toBe(false);
    expect(timer.isOver(true, 4010)).toBe(true);
  });

  test('closes after the respawn time and the grace when the death was never seen', () => {
    const timer = new DeathTimer(0, 3000, 2000);
    expect(timer.isOver(true, 4999)).toBe(false);
    expect(timer.isOver(true, 5000)).toBe(true);
  });

  test.each([
    [0, 3],
    [1, 3],
    [1001, 2],
    [2999, 1],
    [3000, 0],
    [9000, 0],
  ])('%d ms after the message the countdown shows %d s', (elapsed, seconds) => {
    expect(new DeathTimer(500, 3000).secondsLeft(500 + elapsed)).toBe(seconds);
  });
});
