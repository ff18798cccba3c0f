import { AXIS_MAX } from '@orb-arena/shared';
import { expect, test } from 'vitest';
import { JOYSTICK_REACH, joystickSteer } from './Joystick.ts';

const origin = { x: 100, y: 200 };

test.each([
  ['no drag stands still', { x: 100, y: 200 }, { x: 0, y: 0 }],
  ['a full reach right is full speed right', { x: 100 + JOYSTICK_REACH, y: 200 }, { x: AXIS_MAX, y: 0 }],
  ['past the reach is still full speed', { x: 100, y: 200 + 3 * JOYSTICK_REACH }, { x: 0, y: AXIS_MAX }],
  [
    'half the reach up is about half speed up',
    { x: 100, y: 200 - JOYSTICK_REACH / 2 },
    { x: 0, y: -Math.round(AXIS_MAX / 2) },
  ],
])('%s', (_, point, steer) => {
  const result = joystickSteer(origin, point);
  expect(result.x).toBeCloseTo(steer.x, -0.5);
  expect(result.y).toBeCloseTo(steer.y, -0.5);
});
