import { CameraMessage } from '@orb-arena/shared';
import { expect, test } from 'vitest';
import {
  CAMERA_PAN_SPEED,
  CAMERA_SEND_MS,
  FOLLOW_LOST_FRAMES,
  SpectatorCamera,
  clampToArena,
} from './SpectatorCamera.ts';

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

const VIEW = { width: 1400, height: 800 };

test.each([
  { name: 'a centre well inside stays', centre: { x: 1000, y: 900 }, side: 2000, at: { x: 1000, y: 900 } },
  {
    name: 'a centre on the west and north walls moves half a view in',
    centre: { x: 0, y: 0 },
    side: 2000,
    at: { x: 700, y: 400 },
  },
  {
    name: 'a centre past the east and south walls moves half a view in',
    centre: { x: 2500, y: 1990 },
    side: 2000,
    at: { x: 1300, y: 1600 },
  },
  {
    name: 'an arena narrower than the view is centred on that axis only',
    centre: { x: 100, y: 100 },
    side: 1200,
    at: { x: 600, y: 400 },
  },
  {
    name: 'an arena smaller than the view both ways is centred',
    centre: { x: 0, y: 700 },
    side: 600,
    at: { x: 300, y: 300 },
  },
  { name: 'an arena exactly the view wide is centred', centre: { x: 0, y: 0 }, side: 1400, at: { x: 700, y: 400 } },
])('clampToArena: $name', ({ centre, side, at }) => {
  expect(clampToArena(centre, VIEW, side)).toEqual(at);
});

test('a free camera keeps its view inside the walls, following them as the arena shrinks; a followed player does not', () => {
  let side = 3000;
  const camera = new SpectatorCamera(() => side);
  camera.setView(VIEW);
  camera.pan(1, 1, 10);
  expect(camera.centre(() => undefined)).toEqual({ x: 2300, y: 2600 });
  side = 2800;
  expect(camera.centre(() => undefined)).toEqual({ x: 2100, y: 2400 });
  side = 1000; // narrower than the view, not lower
  expect(camera.centre(() => undefined)).toEqual({ x: 500, y: 600 });
  // Following frames the player, wall or not.
  camera.follow('p1');
  expect(camera.centre(() => ({ x: 20, y: 30 }))).toEqual({ x: 20, y: 30 });
  // Let go there (a key pans it), the free camera is back inside.
  camera.pan(-1, 0, 0.001);
  expect(camera.centre(() => ({ x: 20, y: 30 }))).toEqual({ x: 500, y: 400 });
});

test.each([
  {
    name: 'at zoom 1 a finger dragged right moves the camera as far left',
    finger: { x: 100, y: 0 },
    zoom: 1,
    at: { x: 900, y: 1000 },
  },
  {
    name: 'at zoom 0.5 a finger dragged up moves the camera twice as far down',
    finger: { x: 0, y: -50 },
    zoom: 0.5,
    at: { x: 1000, y: 1100 },
  },
  { name: 'a diagonal drag moves both ways', finger: { x: -30, y: 40 }, zoom: 2, at: { x: 1015, y: 980 } },
])('drag: $name, so the point under the finger stays under it', ({ finger, zoom, at }) => {
  const camera = new SpectatorCamera(() => 2000);
  camera.follow('p1');
  camera.centre(() => ({ x: 1000, y: 1000 }));
  camera.drag(finger.x, finger.y, zoom);
  expect(camera.followId).toBeNull();
  expect(camera.centre(() => undefined)).toEqual(at);
  // A world point 10 screen px right of and below the middle before the drag is where the finger took it.
  const point = { x: 1000 + 10 / zoom, y: 1000 + 10 / zoom };
  expect((point.x - at.x) * zoom).toBeCloseTo(10 + finger.x);
  expect((point.y - at.y) * zoom).toBeCloseTo(10 + finger.y);
});

test('a drag of no distance keeps following', () => {
  const camera = new SpectatorCamera(() => 2000);
  camera.follow('p1');
  camera.drag(0, 0, 1);
  expect(camera.followId).toBe('p1');
});

test('unfollow lets the followed player go; the camera stays where it looked', () => {
  const camera = new SpectatorCamera(() => 2000);
  camera.follow('p1');
  camera.centre(() => ({ x: 1200, y: 800 }));
  camera.unfollow();
  expect(camera.followId).toBeNull();
  expect(camera.centre(() => ({ x: 5, y: 5 }))).toEqual({ x: 1200, y: 800 });
  expect(camera.message(0)).toEqual({ mode: 'free', x: 1200, y: 800 });
});
