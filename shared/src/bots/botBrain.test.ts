import { ARENA_SIZE, START_MASS, TICK_HZ } from '../constants.ts';
import { type Vec } from '../sim/geometry.ts';
import { AXIS_MAX } from '../sim/movement.ts';
import { describe, expect, test } from 'vitest';
import {
  BotIntent,
  CHASE_GAP,
  FLEE_GAP,
  GIVE_WAY_GAP,
  WALL_MARGIN,
  WANDER_TICKS,
  CRUISE_SPEED,
  cruisePoint,
  decideCruise,
  decideMove,
  decideWander,
  edgeGap,
  wanderTarget,
  type BotView,
  type SeenPlayer,
} from './botBrain.ts';

const clock = { seed: 7, tick: 0 };

function player(x: number, y: number, mass = START_MASS): SeenPlayer {
  return { x, y, mass, alive: true };
}

function dead(body: SeenPlayer): SeenPlayer {
  return { ...body, alive: false };
}

function view(self: SeenPlayer, players: SeenPlayer[] = [], orbs: Vec[] = []): BotView {
  return { self, players, orbs };
}

/** Cosine of the angle between the input and the direction from `from` to `to`. */
function alignment(input: Vec, from: Vec, to: Vec): number {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  return (input.x * dx + input.y * dy) / (Math.hypot(input.x, input.y) * Math.hypot(dx, dy));
}

function isWireAxis(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) <= AXIS_MAX;
}

describe('decideMove', () => {
  const self = player(2000, 2000);

  test('stands still while its own player is dead', () => {
    const decision = decideMove(view(dead(player(2000, 2000)), [], [{ x: 2100, y: 2000 }]), clock);
    expect(decision).toEqual({ intent: BotIntent.Idle, input: { x: 0, y: 0 } });
  });

  test('steers at full speed to the nearest orb, not a farther one', () => {
    const near = { x: 2000, y: 1900 };
    const decision = decideMove(view(self, [], [{ x: 2400, y: 2000 }, near, { x: 1500, y: 2500 }]), clock);
    expect(decision.intent).toBe(BotIntent.Orb);
    expect(decision.input).toEqual({ x: 0, y: -AXIS_MAX });
  });

  test('flees a player big enough to eat it when it comes within FLEE_GAP', () => {
    const threat = player(2150, 2050, 20);
    expect(edgeGap(threat, self)).toBeLessThan(FLEE_GAP);
    const decision = decideMove(view(self, [threat], [{ x: 2100, y: 2000 }]), clock);
    expect(decision.intent).toBe(BotIntent.Flee);
    expect(alignment(decision.input, self, threat)).toBeCloseTo(-1, 2);
    expect(Math.hypot(decision.input.x, decision.input.y)).toBeGreaterThan(AXIS_MAX - 1);
  });

  test('ignores a threat farther than FLEE_GAP and keeps eating orbs', () => {
    const threat = player(2000 + FLEE_GAP + 100, 2000, 20);
    const decision = decideMove(view(self, [threat], [{ x: 1900, y: 2000 }]), clock);
    expect(decision.intent).toBe(BotIntent.Orb);
  });

  test.each([
    ['slightly heavier (below EAT_MASS_RATIO)', player(2060, 2000, 12)],
    ['equal', player(2060, 2000, START_MASS)],
    ['dead', dead(player(2060, 2000, 40))],
  ])('does not flee a %s player', (_label, other) => {
    const decision = decideMove(view(self, [other], [{ x: 1900, y: 2000 }]), clock);
    expect(decision.intent).toBe(BotIntent.Orb);
  });

  test('chases the nearest player it can eat within CHASE_GAP, ahead of orbs', () => {
    const big = player(2000, 2000, 30);
    const prey = player(2200, 2100, 10);
    const fartherPrey = player(1700, 1800, 10);
    const decision = decideMove(view(big, [fartherPrey, prey], [{ x: 2010, y: 2000 }]), clock);
    expect(decision.intent).toBe(BotIntent.Chase);
    expect(alignment(decision.input, big, prey)).toBeCloseTo(1, 2);
  });

  test('does not chase prey beyond CHASE_GAP', () => {
    const big = player(2000, 2000, 30);
    const prey = player(2000 + CHASE_GAP + 100, 2000, 10);
    expect(decideMove(view(big, [prey], [{ x: 1900, y: 2000 }]), clock).intent).toBe(BotIntent.Orb);
  });

  test('flees before it chases when a threat and prey are both near', () => {
    const middle = player(2000, 2000, 20);
    const threat = player(2150, 2000, 40);
    const prey = player(1850, 2000, 10);
    expect(decideMove(view(middle, [prey, threat]), clock).intent).toBe(BotIntent.Flee);
  });

  test.each([
    {
      where: 'against the left wall',
      self: player(30, 2000),
      threat: player(150, 2000, 40),
      input: { x: 0, y: -AXIS_MAX },
    },
    {
      where: 'against the bottom wall',
      self: player(3000, ARENA_SIZE - 30),
      threat: player(3000, ARENA_SIZE - 150, 40),
      input: { x: -AXIS_MAX, y: 0 },
    },
    {
      where: 'in the top-left corner',
      self: player(30, 40),
      threat: player(60, 150, 40),
      input: { x: AXIS_MAX, y: 0 },
    },
  ])('slides along the wall when a threat pins it $where', ({ self: pinned, threat, input }) => {
    expect(decideMove(view(pinned, [threat]), clock)).toEqual({ intent: BotIntent.Flee, input });
  });

  test('slides along the live far wall of a smaller arena, not the largest one', () => {
    const pinned = player(1000, 1800 - 30);
    const threat = player(1000, 1800 - 150, 40);
    const decision = decideMove({ ...view(pinned, [threat]), arenaSize: 1800 }, clock);
    expect(decision).toEqual({ intent: BotIntent.Flee, input: { x: -AXIS_MAX, y: 0 } });
  });

  test('wanders toward a point inside the arena when it sees nothing', () => {
    const decision = decideMove(view(self), clock);
    expect(decision.intent).toBe(BotIntent.Wander);
    expect(alignment(decision.input, self, wanderTarget(clock))).toBeCloseTo(1, 2);
  });

  test('always returns a valid wire input', () => {
    const crowd = [player(2100, 2000, 40), player(1900, 2050, 5), player(2000, 2000, 10)];
    for (const bot of [self, player(0, 0), player(ARENA_SIZE, ARENA_SIZE, 400)]) {
      const { input } = decideMove(view(bot, crowd, [{ x: 2000.5, y: 1999.25 }]), clock);
      expect(isWireAxis(input.x) && isWireAxis(input.y)).toBe(true);
    }
  });
});

describe('decideMove with manners that spare humans', () => {
  const manners = { spareHumansBelowMass: 40 };
  const big = player(2000, 2000, 100);
  const orb = { x: 1900, y: 2000 };

  test.each([
    ['a human below spareHumansBelowMass', player(2200, 2000, 39), BotIntent.Orb],
    ['a human at spareHumansBelowMass', player(2200, 2000, 40), BotIntent.Chase],
    ['a filler bot of any mass', { ...player(2200, 2000, 10), bot: true }, BotIntent.Chase],
  ])('chasing %s: %s', (_label, other, intent) => {
    expect(decideMove(view(big, [other], [orb]), clock, manners).intent).toBe(intent);
  });

  test('without manners (the load-test bots) chases a small human as before', () => {
    expect(decideMove(view(big, [player(2200, 2000, 10)], [orb]), clock).intent).toBe(BotIntent.Chase);
  });

  test('chases a bot it can eat rather than a nearer spared human', () => {
    const human = player(2100, 2000, 10);
    const bot = { ...player(2000, 2200, 10), bot: true };
    const decision = decideMove(view(big, [human, bot], [orb]), clock, manners);
    expect(decision.intent).toBe(BotIntent.Chase);
    expect(alignment(decision.input, big, bot)).toBeCloseTo(1, 2);
  });

  test('gives way to a spared human within GIVE_WAY_GAP, straight away from it', () => {
    const human = player(2080, 2030, 10);
    expect(edgeGap(human, big)).toBeLessThanOrEqual(GIVE_WAY_GAP);
    const decision = decideMove(view(big, [human], [{ x: 2081, y: 2030 }]), clock, manners);
    expect(decision.intent).toBe(BotIntent.GiveWay);
    expect(alignment(decision.input, big, human)).toBeCloseTo(-1, 2);
    expect(decideMove(view(big, [human], [orb]), clock).intent).toBe(BotIntent.Chase);
  });

  test('still flees a threat first, whatever the manners', () => {
    const middle = player(2000, 2000, 20);
    const threat = player(2150, 2000, 40);
    expect(decideMove(view(middle, [player(2030, 2000, 10), threat]), clock, manners).intent).toBe(BotIntent.Flee);
  });
});

describe('decideWander', () => {
  test('heads for its wander target at full speed, past an orb and a threat decideMove would turn for', () => {
    const self = player(1000, 1000);
    const busy = view(self, [player(1100, 1000, 40)], [{ x: 1000, y: 980 }]);
    expect(decideMove(busy, clock).intent).toBe(BotIntent.Flee);
    const decision = decideWander({ ...busy, arenaSize: 2000 }, clock);
    expect(decision.intent).toBe(BotIntent.Wander);
    expect(alignment(decision.input, self, wanderTarget(clock, 2000))).toBeCloseTo(1, 2);
    expect(Math.hypot(decision.input.x, decision.input.y)).toBeCloseTo(AXIS_MAX, -1);
  });

  test('stands still while its own player is dead', () => {
    expect(decideWander(view(dead(player(1000, 1000))), clock)).toEqual({
      intent: BotIntent.Idle,
      input: { x: 0, y: 0 },
    });
  });
});

describe('cruisePoint', () => {
  test('moves CRUISE_SPEED a second along a straight line, bouncing WALL_MARGIN inside the walls', () => {
    const side = 2000;
    const step = CRUISE_SPEED / TICK_HZ;
    for (let seed = 1; seed <= 20; seed++) {
      for (let tick = 0; tick < 3000; tick++) {
        const a = cruisePoint({ seed, tick }, side);
        const b = cruisePoint({ seed, tick: tick + 1 }, side);
        for (const point of [a, b]) {
          expect(Math.min(point.x, point.y)).toBeGreaterThanOrEqual(WALL_MARGIN);
          expect(Math.max(point.x, point.y)).toBeLessThanOrEqual(side - WALL_MARGIN);
        }
        expect(Math.hypot(b.x - a.x, b.y - a.y)).toBeLessThanOrEqual(step + 1e-9);
      }
    }
  });

  test('a crowd of cruising points covers the arena evenly: the middle quarter of the area holds a quarter of them', () => {
    const side = 4000;
    const span = side - 2 * WALL_MARGIN;
    let middle = 0;
    let samples = 0;
    for (let seed = 1; seed <= 200; seed++) {
      for (let tick = 0; tick < 30 * 120; tick += 30) {
        const { x, y } = cruisePoint({ seed, tick }, side);
        samples++;
        if (Math.abs(x - side / 2) < span / 4 && Math.abs(y - side / 2) < span / 4) middle++;
      }
    }
    expect(middle / samples).toBeGreaterThan(0.22);
    expect(middle / samples).toBeLessThan(0.28);
  });
});

describe('decideCruise', () => {
  test('steers for its cruise point at full throttle when far, gently when close, and stands still while dead', () => {
    const point = cruisePoint(clock, 2000);
    const far = decideCruise({ self: player(point.x - 500, point.y), players: [], orbs: [], arenaSize: 2000 }, clock);
    expect(far.input).toEqual({ x: AXIS_MAX, y: 0 });
    const near = decideCruise({ self: player(point.x - 50, point.y), players: [], orbs: [], arenaSize: 2000 }, clock);
    expect(near.input.x).toBeGreaterThan(0);
    expect(near.input.x).toBeLessThan(AXIS_MAX);
    expect(decideCruise(view(dead(player(1000, 1000))), clock).intent).toBe(BotIntent.Idle);
  });
});

describe('wanderTarget', () => {
  test.each([0, 1, 42, 0xffffffff])('is deterministic for seed %i and stays WALL_MARGIN inside the arena', (seed) => {
    for (let tick = 0; tick < WANDER_TICKS * 5; tick += 17) {
      const target = wanderTarget({ seed, tick });
      expect(wanderTarget({ seed, tick })).toEqual(target);
      for (const value of [target.x, target.y]) {
        expect(value).toBeGreaterThanOrEqual(WALL_MARGIN);
        expect(value).toBeLessThan(ARENA_SIZE - WALL_MARGIN);
      }
    }
  });

  test('holds one target for WANDER_TICKS, then picks another', () => {
    const first = wanderTarget({ seed: 3, tick: 0 });
    expect(wanderTarget({ seed: 3, tick: WANDER_TICKS - 1 })).toEqual(first);
    expect(wanderTarget({ seed: 3, tick: WANDER_TICKS })).not.toEqual(first);
  });

  test('stays inside the live arena when it is smaller than the largest', () => {
    for (let tick = 0; tick < WANDER_TICKS * 20; tick += WANDER_TICKS) {
      const target = wanderTarget({ seed: 9, tick }, 1800);
      for (const value of [target.x, target.y]) expect(value).toBeLessThan(1800 - WALL_MARGIN);
    }
  });

  test('gives different bots different targets', () => {
    const targets = new Set([1, 2, 3, 4, 5].map((seed) => JSON.stringify(wanderTarget({ seed, tick: 0 }))));
    expect(targets.size).toBe(5);
  });
});
