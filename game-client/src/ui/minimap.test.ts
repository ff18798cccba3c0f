import { expect, test } from 'vitest';
import { toMap } from './Minimap.ts';

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
