import { describe, expect, test } from 'vitest';
import { ARENA_SIZE, BASE_SPEED, MAX_MASS, MIN_SPEED, POSITION_STEP, START_MASS, TICK_HZ } from '../constants.ts';
import { keepInArena, radiusForMass, speedForMass, stepBody, type Body, type MoveInput } from './movement.ts';

const DT = 1 / TICK_HZ;
const CENTRE = ARENA_SIZE / 2;

const bodyAt = (x: number, y: number, mass = START_MASS): Body => ({ x, y, mass });
const isOnGrid = (value: number) => Number.isInteger(value / POSITION_STEP);

/** Distance `input` moves a fresh body of `mass` from the centre in one step. */
function stepDistance(input: MoveInput, mass = START_MASS): number {
  const body = bodyAt(CENTRE, CENTRE, mass);
  stepBody(body, input, DT);
  return Math.hypot(body.x - CENTRE, body.y - CENTRE);
}

describe('stepBody with hostile input', () => {
  test.each<[string, MoveInput, MoveInput]>([
    ['an axis above the max moves like the max', { x: 1000, y: 0 }, { x: 127, y: 0 }],
    ['huge negative axes move like the min', { x: -1e9, y: -1e9 }, { x: -127, y: -127 }],
    ['a NaN axis counts as 0', { x: NaN, y: 127 }, { x: 0, y: 127 }],
    ['infinite axes count as 0', { x: Infinity, y: -Infinity }, { x: 0, y: 0 }],
    ['a -Infinity axis counts as 0', { x: -Infinity, y: 50 }, { x: 0, y: 50 }],
    ['a non-number axis counts as 0', { x: '127' as unknown as number, y: 40 }, { x: 0, y: 40 }],
  ])('%s', (_, hostile, equivalent) => {
    const a = bodyAt(CENTRE, CENTRE);
    const b = bodyAt(CENTRE, CENTRE);
    expect(() => stepBody(a, hostile, DT)).not.toThrow();
    stepBody(b, equivalent, DT);
    expect(a).toEqual(b);
    expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true);
  });

  test('(0, 0) stands still', () => {
    const body = bodyAt(1234.5, 321.0625);
    stepBody(body, { x: 0, y: 0 }, DT);
    expect(body).toEqual(bodyAt(1234.5, 321.0625));
  });

  test.each([
    { x: 63.5, y: -17.25 },
    { x: 1, y: 0 },
    { x: -127, y: 126 },
  ])('fractional and small axes still land on the position grid: %o', (input) => {
    const body = bodyAt(CENTRE + POSITION_STEP, CENTRE);
    for (let i = 0; i < 10; i++) stepBody(body, input, DT);
    expect(isOnGrid(body.x) && isOnGrid(body.y)).toBe(true);
  });
});

describe('stepBody speed', () => {
  test.each([START_MASS, 40, 400, MAX_MASS])('a diagonal is not faster than a straight line at mass %d', (mass) => {
    const straight = stepDistance({ x: 127, y: 0 }, mass);
    const diagonal = stepDistance({ x: 127, y: 127 }, mass);
    expect(diagonal).toBeLessThanOrEqual(straight + POSITION_STEP);
    expect(diagonal).toBeGreaterThanOrEqual(straight - POSITION_STEP);
  });

  test.each([START_MASS, 40, 400, MAX_MASS])('a full-speed step at mass %d moves speedForMass * dt', (mass) => {
    expect(Math.abs(stepDistance({ x: 0, y: -127 }, mass) - speedForMass(mass) * DT)).toBeLessThanOrEqual(
      POSITION_STEP / 2,
    );
  });

  test('half an axis moves half as far', () => {
    expect(Math.abs(stepDistance({ x: 63.5, y: 0 }) - (BASE_SPEED * DT) / 2)).toBeLessThanOrEqual(POSITION_STEP / 2);
  });

  test.each([
    [START_MASS, 20],
    [20, 100],
    [100, 900],
  ])('a body of mass %d is faster than one of mass %d', (light, heavy) => {
    expect(speedForMass(light)).toBeGreaterThan(speedForMass(heavy));
    expect(stepDistance({ x: 127, y: 0 }, light)).toBeGreaterThan(stepDistance({ x: 127, y: 0 }, heavy));
  });

  test('speed is BASE_SPEED at START_MASS and never falls below MIN_SPEED', () => {
    expect(speedForMass(START_MASS)).toBe(BASE_SPEED);
    expect(speedForMass(MAX_MASS)).toBe(MIN_SPEED);
    for (let mass = START_MASS; mass <= MAX_MASS; mass += 37) {
      expect(speedForMass(mass)).toBeGreaterThanOrEqual(MIN_SPEED);
      expect(speedForMass(mass + 37)).toBeLessThanOrEqual(speedForMass(mass));
    }
  });
});

describe('arena walls', () => {
  const corners: [string, MoveInput][] = [
    ['up-left', { x: -127, y: -127 }],
    ['down-right', { x: 127, y: 127 }],
    ['up-right', { x: 127, y: -127 }],
  ];
  const cases = [START_MASS, 13, 37, MAX_MASS].flatMap((mass) =>
    corners.map(([name, input]) => ({ mass, name, input })),
  );

  test.each(cases)('a body of mass $mass pushing $name stops with its disc touching the walls', ({ mass, input }) => {
    const body = bodyAt(CENTRE, CENTRE, mass);
    for (let i = 0; i < 2000; i++) stepBody(body, input, DT);
    const radius = radiusForMass(mass);
    for (const axis of [body.x, body.y]) {
      expect(isOnGrid(axis)).toBe(true);
      expect(axis).toBeGreaterThanOrEqual(radius);
      expect(axis).toBeLessThanOrEqual(ARENA_SIZE - radius);
      // Flush against a wall: within one grid step of the radius.
      expect(Math.min(axis - radius, ARENA_SIZE - radius - axis)).toBeLessThan(POSITION_STEP);
    }
  });

  test('keepInArena pushes a disc that grew past a wall back inside, onto the grid', () => {
    const body = bodyAt(radiusForMass(START_MASS), ARENA_SIZE - 13, 400);
    keepInArena(body);
    const radius = radiusForMass(400);
    expect(body.x).toBeGreaterThanOrEqual(radius);
    expect(body.x - radius).toBeLessThan(POSITION_STEP);
    expect(body.y).toBeLessThanOrEqual(ARENA_SIZE - radius);
    expect(isOnGrid(body.x) && isOnGrid(body.y)).toBe(true);
  });

  test('keepInArena leaves a body already inside where it is', () => {
    const body = bodyAt(100.0625, 3900.5, 40);
    keepInArena(body);
    expect(body).toEqual(bodyAt(100.0625, 3900.5, 40));
  });
});
