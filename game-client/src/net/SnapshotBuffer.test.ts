import { describe, expect, test } from 'vitest';
import { SnapshotBuffer, type Snapshot } from './SnapshotBuffer.ts';

/** A snapshot at `t` whose x is `x`, y is -x and mass is 10 + x, so every field is checked. */
const at = (t: number, x: number): Snapshot => ({ t, x, y: -x, mass: 10 + x });
/** The sample `at(t, x)` gives at its own time. */
const onPath = (x: number) => ({ x, y: -x, mass: 10 + x, dry: false });

describe('arrival order', () => {
  test.each([
    {
      order: 'in order',
      pushes: [at(0, 0), at(50, 10), at(100, 20)],
      accepted: [true, true, true],
      samples: [
        [25, 5],
        [75, 15],
        [100, 20],
      ],
    },
    {
      order: 'one late snapshot',
      pushes: [at(0, 0), at(100, 20), at(50, 10)],
      accepted: [true, true, true],
      samples: [
        [25, 5],
        [50, 10],
        [75, 15],
      ],
    },
    {
      order: 'fully reversed',
      pushes: [at(100, 20), at(50, 10), at(0, 0)],
      accepted: [true, true, true],
      samples: [
        [0, 0],
        [25, 5],
        [75, 15],
      ],
    },
    {
      order: 'a duplicate time, first one kept',
      pushes: [at(0, 0), at(50, 10), at(50, 999), at(100, 20)],
      accepted: [true, true, false, true],
      samples: [
        [50, 10],
        [75, 15],
      ],
    },
    {
      order: 'a late duplicate of an older time',
      pushes: [at(0, 0), at(50, 10), at(100, 20), at(0, 999)],
      accepted: [true, true, true, false],
      samples: [
        [0, 0],
        [25, 5],
      ],
    },
  ])('$order: push reports $accepted and samples land on the true path', ({ pushes, accepted, samples }) => {
    const buffer = new SnapshotBuffer();
    expect(pushes.map((snapshot) => buffer.push(snapshot))).toEqual(accepted);
    expect(buffer.size).toBe(accepted.filter(Boolean).length);
    expect(buffer.newestTime).toBe(100);
    for (const [t, x] of samples) expect(buffer.sample(t!)).toEqual(onPath(x!));
  });
});

describe('sampling', () => {
  test('an empty buffer has no sample and no newest time', () => {
    const buffer = new SnapshotBuffer();
    expect(buffer.sample(0)).toBeUndefined();
    expect(buffer.newestTime).toBe(-Infinity);
  });

  test('midway between two snapshots every field is the average', () => {
    const buffer = new SnapshotBuffer();
    buffer.push({ t: 1000, x: 0, y: 100, mass: 10 });
    buffer.push({ t: 1100, x: 50, y: 0, mass: 20 });
    expect(buffer.sample(1050)).toEqual({ x: 25, y: 50, mass: 15, dry: false });
    expect(buffer.sample(1075)).toEqual({ x: 37.5, y: 25, mass: 17.5, dry: false });
  });

  test.each([999, 0, -Infinity])('at %s, before the first snapshot, it holds the first', (t) => {
    const buffer = new SnapshotBuffer();
    buffer.push({ t: 1000, x: 7, y: 8, mass: 9 });
    buffer.push({ t: 1050, x: 17, y: 18, mass: 19 });
    expect(buffer.sample(t)).toEqual({ x: 7, y: 8, mass: 9, dry: false });
  });

  test('a snapshot pushed by the caller and changed afterwards does not change the buffer', () => {
    const buffer = new SnapshotBuffer();
    const snapshot = at(0, 5);
    buffer.push(snapshot);
    snapshot.x = 1000;
    expect(buffer.sample(0)?.x).toBe(5);
  });
});

describe('extrapolation past the newest snapshot', () => {
  // Moving +0.2 units/ms in x and -0.1 in y, growing in mass.
  const moving = [
    { t: 0, x: 100, y: 100, mass: 10 },
    { t: 50, x: 110, y: 95, mass: 12 },
  ];

  // [ms past the newest, maxExtrapolationMs (undefined: the default 100), expected x, expected y]
  test.for<[number, number | undefined, number, number]>([
    [30, undefined, 116, 92],
    [100, undefined, 130, 85],
    [1000, undefined, 130, 85],
    [30, 40, 116, 92],
    [60, 40, 118, 91],
    [60, 0, 110, 95],
  ])(
    '%i ms past the newest with maxExtrapolationMs %s it goes on to (%d, %d) and reports dry',
    ([ahead, maxExtrapolationMs, x, y]) => {
      const buffer = new SnapshotBuffer({ maxExtrapolationMs });
      moving.forEach((snapshot) => buffer.push(snapshot));
      const sample = buffer.sample(50 + ahead)!;
      expect(sample.x).toBeCloseTo(x, 9);
      expect(sample.y).toBeCloseTo(y, 9);
      expect(sample.mass).toBe(12);
      expect(sample.dry).toBe(true);
    },
  );

  test('exactly at the newest snapshot it is not dry', () => {
    const buffer = new SnapshotBuffer();
    moving.forEach((snapshot) => buffer.push(snapshot));
    expect(buffer.sample(50)).toEqual({ x: 110, y: 95, mass: 12, dry: false });
  });

  test('a single snapshot holds still and reports dry', () => {
    const buffer = new SnapshotBuffer();
    buffer.push(moving[0]!);
    expect(buffer.sample(80)).toEqual({ x: 100, y: 100, mass: 10, dry: true });
  });
});

describe('capacity', () => {
  test.each([
    { capacity: 1, pushed: 4 },
    { capacity: 3, pushed: 5 },
    { capacity: 32, pushed: 40 },
  ])('with capacity $capacity after $pushed pushes the oldest are gone', ({ capacity, pushed }) => {
    const buffer = new SnapshotBuffer({ capacity });
    for (let i = 0; i < pushed; i++) buffer.push(at(i * 50, i));
    expect(buffer.size).toBe(capacity);
    expect(buffer.newestTime).toBe((pushed - 1) * 50);
    const oldestKept = pushed - capacity;
    // Before the oldest kept snapshot the sample clamps to it, not to an evicted one.
    expect(buffer.sample(0)).toEqual(onPath(oldestKept));
  });

  test('the default capacity is 32', () => {
    const buffer = new SnapshotBuffer();
    for (let i = 0; i < 33; i++) buffer.push(at(i, i));
    expect(buffer.size).toBe(32);
    expect(buffer.sample(0)?.x).toBe(1);
  });
});
