import { CameraMessage } from '@orb-arena/shared';
import { expect, test } from 'vitest';
import { CAMERA_PAN_SPEED, CAMERA_SEND_MS, FOLLOW_LOST_FRAMES, SpectatorCamera } from './SpectatorCamera.ts';

test('starts in the middle, pans within the arena, and follows a player while it is known', () => {
  const camera = new SpectatorCamera(() => 1000);
  expect(camera.centre(() => undefined)).toEqual({ x: 500, y: 500 });
  camera.pan(1, 0, 100 / CAMERA_PAN_SPEED);
  expect(camera.centre(() => undefined)).toEqual({ x: 600, y: 500 });
  camera.pan(-1, -1, 10);
  expect(camera.centre(() => undefined)).toEqual({ x: 0, y: 0 });
  camera.follow('p1');
  expect(camera.centre((id) => (id === 'p1' ? { x: 40, y: 70 } : undefined))).toEqual({ x: 40, y: 70 });
  // Out of view: the camera stays where the player was last seen.
  expect(camera.centre(() => undefined)).toEqual({ x: 40, y: 70 });
  camera.pan(1, 0, 0.001);
  expect(camera.followId).toBeNull();
});

test('sends a valid camera message only when it changed and not more often than CAMERA_SEND_MS', () => {
  const camera = new SpectatorCamera(() => 1000);
  const first = camera.message(0);
  expect(first).toEqual({ mode: 'free', x: 500, y: 500 });
  expect(CameraMessage.safeParse(first).success).toBe(true);
  expect(camera.message(CAMERA_SEND_MS * 5)).toBeNull();
  camera.follow('abc');
  expect(camera.message(CAMERA_SEND_MS / 2)).toBeNull();
  expect(camera.message(CAMERA_SEND_MS)).toEqual({ mode: 'follow', id: 'abc' });
});

test('waits for the arena side before it places itself or tells the server where it looks', () => {
  let side = 0; // the state has not arrived yet
  const camera = new SpectatorCamera(() => side);
  expect(camera.message(0)).toBeNull();
  camera.pan(1, 0, 1);
  side = 1600;
  expect(camera.centre(() => undefined)).toEqual({ x: 800, y: 800 });
  expect(camera.message(CAMERA_SEND_MS)).toEqual({ mode: 'free', x: 800, y: 800 });
});

test('lets a followed player go once it has been missing for a while after it was seen (it left the room)', () => {
  const camera = new SpectatorCamera(() => 1000);
  camera.follow('gone');
  // Not seen yet (the server has not moved the view to it): the camera waits, however long.
  for (let frame = 0; frame < FOLLOW_LOST_FRAMES * 2; frame++) camera.centre(() => undefined);
  expect(camera.followId).toBe('gone');
  camera.centre(() => ({ x: 300, y: 200 }));
  // A few frames missing (a hiccup) keep the follow; then it is let go where the player was last seen.
  for (let frame = 1; frame < FOLLOW_LOST_FRAMES; frame++) camera.centre(() => undefined);
  expect(camera.followId).toBe('gone');
  expect(camera.centre(() => undefined)).toEqual({ x: 300, y: 200 });
  expect(camera.followId).toBeNull();
  expect(camera.message(0)).toEqual({ mode: 'free', x: 300, y: 200 });
});
