import { expect, test } from 'vitest';
import { isCircleOverBox, toMap } from './Minimap.ts';

test.each([
  [
    { x: 0, y: 0 },
    { x: 0, y: 0 },
  ],
  [
    { x: 2000, y: 1000 },
    { x: 50, y: 25 },
  ],
  [
    { x: 4000, y: 4000 },
    { x: 100, y: 100 },
  ],
  [
    { x: -50, y: 9000 },
    { x: 0, y: 100 },
  ],
])('world %j is %j on a 100 px map of a 4000-unit arena', (point, mapped) => {
  expect(toMap(point, 4000, { sizePx: 100 })).toEqual(mapped);
});

test('a smaller arena fills the same map', () => {
  expect(toMap({ x: 1000, y: 1000 }, 2000, { sizePx: 100 })).toEqual({ x: 50, y: 50 });
});

test('with an inset, a point on a wall or past it is drawn that far inside the edge', () => {
  expect(toMap({ x: 0, y: 2000 }, 2000, { sizePx: 110, insetPx: 5 })).toEqual({ x: 5, y: 105 });
  expect(toMap({ x: -10, y: 1000 }, 2000, { sizePx: 110, insetPx: 5 })).toEqual({ x: 5, y: 55 });
});

test.each([
  [{ x: 50, y: 50, radius: 5 }, true], // inside
  [{ x: 128, y: 50, radius: 10 }, true], // its edge reaches in from the right
  [{ x: 135, y: 50, radius: 10 }, false], // clear to the right
  [{ x: 128, y: 128, radius: 10 }, false], // near the corner, but the corner is 11.3 px away
  [{ x: 126, y: 126, radius: 10 }, true], // the corner is 8.5 px away
])('a player drawn at %j is over the 10..120 px box: %s', (circle, over) => {
  expect(isCircleOverBox(circle, { left: 10, top: 10, right: 120, bottom: 120 })).toBe(over);
});
