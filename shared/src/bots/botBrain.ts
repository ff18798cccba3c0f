import { ARENA_SIZE, EAT_MASS_RATIO, TICK_HZ } from '../constants.ts';
import { buildMoveInput, buildSteerInput } from '../protocol/input.ts';
import { distanceSquared, type Vec } from '../sim/geometry.ts';
import { radiusForMass, type MoveInput } from '../sim/movement.ts';
import { randomBetween } from '../sim/random.ts';

/*
 * What a bot does each tick, as a pure function of what it can see. A bot sees exactly what a player's
 * screen shows (its StateView), so it decides from the same information a person would. Two kinds of
 * bot use it: the load test's SDK clients (loadtest/src/botRunner.ts) and the server's filler bots
 * (game-server/src/rooms/FillerBots.ts).
 */

/** A player as a bot's client decodes it (the public fields of the schema Player). */
export interface SeenPlayer {
  x: number;
  y: number;
  mass: number;
  alive: boolean;
  /** A server-side filler bot; absent or false for a human (and for a load-test bot, which plays as one). */
  bot?: boolean;
}

/** Everything one decision reads: the bot's own player and what lies in its view. */
export interface BotView {
  self: SeenPlayer;
  /** Other players in view (the bot's own entry excluded). Read twice, so an array, not an iterator. */
  players: readonly SeenPlayer[];
  /** Orbs in view; read once, so a map's `values()` will do. */
  orbs: Iterable<Vec>;
  /** The arena's live side, units (it grows and shrinks with the room). @default ARENA_SIZE */
  arenaSize?: number;
}

/** Makes wandering deterministic: the same seed and tick always give the same heading. */
export interface WanderClock {
  seed: number;
  /** Ticks since the bot started; the wander target changes every WANDER_TICKS. */
  tick: number;
}

/** How a bot treats the others, on top of the shared priorities; the load-test bots use none of it. */
export interface BotManners {
  /**
   * Humans lighter than this are never chased, and a bot that could eat one steers off it when it
   * comes within GIVE_WAY_GAP (a bot still flees one that is heavier), mass units. Filler bots spare
   * newcomers this way: see FILLER_MANNERS.
   * @default 0 (everyone is fair game)
   */
  spareHumansBelowMass?: number;
}

/** Why the bot steered the way it did. */
export const BotIntent = {
  Flee: 'flee',
  Chase: 'chase',
  Orb: 'orb',
  Wander: 'wander',
  /** Steering off a human its manners spare, who would otherwise end up under it. */
  GiveWay: 'giveWay',
  /** Dead: waiting to respawn, standing still. */
  Idle: 'idle',
} as const;
export type BotIntent = (typeof BotIntent)[keyof typeof BotIntent];

export interface BotDecision {
  intent: BotIntent;
  input: MoveInput;
}

/**
 * Flee a threat whose edge is within this of the bot's edge, units. A bigger player is slower, so a
 * bot that turns at this gap gets away; about a second of the threat's travel at start mass.
 */
export const FLEE_GAP = 250;
/** Chase prey whose edge is within this of the bot's edge, units (about half the visible width). */
export const CHASE_GAP = 350;
/**
 * Give way to a spared human whose edge is within this of the bot's edge, units: well before the
 * overlap an eat needs, and at most a few ticks of a bot's travel, so it rarely turns for nothing.
 */
export const GIVE_WAY_GAP = 40;
/** Ticks between new wander targets (2 s at 30 Hz): long enough to cross a good part of the arena. */
export const WANDER_TICKS = 60;
/** Wander targets stay this far from the walls, and a fleeing bot slides along a wall this close, units. */
export const WALL_MARGIN = 200;
/** Manners of a bot that spares no one (the load-test bots). */
const NO_MANNERS: BotManners = {};

/** True when `other` is alive and heavy enough to eat `self` (mass at least EAT_MASS_RATIO times). */
export function isThreat(other: SeenPlayer, self: SeenPlayer): boolean {
  return other.alive && other.mass >= self.mass * EAT_MASS_RATIO;
}

/** True when `self` is heavy enough to eat the live player `other`. */
export function isPrey(other: SeenPlayer, self: SeenPlayer): boolean {
  return other.alive && self.mass >= other.mass * EAT_MASS_RATIO;
}

/** Distance between the edges of two players' discs, units (negative when they overlap). */
export function edgeGap(a: SeenPlayer, b: SeenPlayer): number {
  return Math.sqrt(distanceSquared(a, b)) - radiusForMass(a.mass) - radiusForMass(b.mass);
}

/** True when `manners` spare `other` from a chase: a human lighter than spareHumansBelowMass. */
export function isSpared(other: SeenPlayer, manners: BotManners): boolean {
  return other.bot !== true && other.mass < (manners.spareHumansBelowMass ?? 0);
}

/**
 * Decides one tick of steering. Pure: reads `view`, `clock` and `manners`, returns the input to send,
 * and keeps no state. Priority: flee the nearest threat within FLEE_GAP, else give way to the nearest
 * human `manners` spare within GIVE_WAY_GAP, else chase the nearest prey within CHASE_GAP that they
 * do not spare, else steer to the nearest orb, else wander to a target drawn from (seed, tick).
 * The input always comes from the shared builders, so it is a valid wire input.
 */
export function decideMove(view: BotView, clock: WanderClock, manners: BotManners = NO_MANNERS): BotDecision {
  const { self } = view;
  const arenaSize = view.arenaSize ?? ARENA_SIZE;
  if (!self.alive) return { intent: BotIntent.Idle, input: { x: 0, y: 0 } };
  const threat = nearest(view.players, self, (other) => isThreat(other, self));
  if (threat && edgeGap(threat, self) <= FLEE_GAP) {
    return { intent: BotIntent.Flee, input: fleeInput(self, threat, arenaSize) };
  }
  const spared = nearest(view.players, self, (other) => isPrey(other, self) && isSpared(other, manners));
  if (spared && edgeGap(spared, self) <= GIVE_WAY_GAP) {
    return { intent: BotIntent.GiveWay, input: fleeInput(self, spared, arenaSize) };
  }
  const prey = nearest(view.players, self, (other) => isPrey(other, self) && !isSpared(other, manners));
  if (prey && edgeGap(prey, self) <= CHASE_GAP) {
    return { intent: BotIntent.Chase, input: buildSteerInput(self, prey) };
  }
  const orb = nearest(view.orbs, self, () => true);
  if (orb) return { intent: BotIntent.Orb, input: buildSteerInput(self, orb, 0) };
  return decideWander(view, clock);
}

/**
 * A bot that only wanders: standing still while dead, else heading for wanderTarget at full speed,
 * blind to orbs and players (it still eats what it runs over). Random waypoints pull such a crowd
 * towards the middle of the arena (the middle lies on more paths between two points than the edges
 * do), so for an even crowd use decideCruise. Pure.
 */
export function decideWander(view: BotView, clock: WanderClock): BotDecision {
  const { self } = view;
  if (!self.alive) return { intent: BotIntent.Idle, input: { x: 0, y: 0 } };
  return { intent: BotIntent.Wander, input: buildSteerInput(self, wanderTarget(clock, view.arenaSize ?? ARENA_SIZE)) };
}

/** Speed of a cruising bot's path point, units/s: below BASE_SPEED, so the bot catches up with it and follows. */
export const CRUISE_SPEED = 200;
/** A cruising bot steers at full throttle while its path point is farther than this, and in proportion nearer, units. */
const CRUISE_THROTTLE_DISTANCE = 100;

/**
 * Where a cruising bot should be at `clock.tick`: a point that moves in a straight line at CRUISE_SPEED
 * from a start and heading drawn from the seed, bouncing off lines WALL_MARGIN inside the walls of an
 * arena of side `arenaSize`, like a billiard ball. Over time such a point spends the same time
 * everywhere, so a crowd of them covers the arena evenly. Pure: a function of (seed, tick, side).
 */
export function cruisePoint(clock: WanderClock, arenaSize = ARENA_SIZE): Vec {
  const source = { rng: Math.imul(clock.seed >>> 0, 0x9e3779b1) >>> 0 };
  const angle = randomBetween(source, 0, 2 * Math.PI);
  const span = Math.max(1, arenaSize - 2 * WALL_MARGIN);
  const travelled = (CRUISE_SPEED * clock.tick) / TICK_HZ;
  return {
    x: WALL_MARGIN + bounce(randomBetween(source, 0, span) + Math.cos(angle) * travelled, span),
    y: WALL_MARGIN + bounce(randomBetween(source, 0, span) + Math.sin(angle) * travelled, span),
  };
}

/** `distance` along a line folded back and forth over [0, span] (a billiard ball's coordinate). */
function bounce(distance: number, span: number): number {
  const folded = ((distance % (2 * span)) + 2 * span) % (2 * span);
  return folded <= span ? folded : 2 * span - folded;
}

/**
 * A bot that cruises its cruisePoint path: blind to orbs and players (it still eats what it runs over),
 * it moves about CRUISE_SPEED whatever happens around it, and a crowd of them spreads evenly over the
 * arena at every room size. Unlike decideMove's bots, which pile into fights that barely move in some
 * rooms and spread out in others, it holds the players per screen at the density the arena's growth
 * law gives, so `npm run bench:bytes -- --brain cruise` measures the protocol, not the fights. Pure.
 */
export function decideCruise(view: BotView, clock: WanderClock): BotDecision {
  const { self } = view;
  if (!self.alive) return { intent: BotIntent.Idle, input: { x: 0, y: 0 } };
  const point = cruisePoint(clock, view.arenaSize ?? ARENA_SIZE);
  const dx = point.x - self.x;
  const dy = point.y - self.y;
  const throttle = Math.min(1, Math.sqrt(dx * dx + dy * dy) / CRUISE_THROTTLE_DISTANCE);
  const length = Math.sqrt(dx * dx + dy * dy) || 1;
  return { intent: BotIntent.Wander, input: buildMoveInput((dx / length) * throttle, (dy / length) * throttle) };
}

/**
 * The point a wandering bot heads for during the WANDER_TICKS window that holds `clock.tick`, inside an
 * arena of side `arenaSize` units (the live one: a bot never heads for where the walls were).
 */
export function wanderTarget(clock: WanderClock, arenaSize = ARENA_SIZE): Vec {
  const window = Math.floor(clock.tick / WANDER_TICKS);
  // Mix seed and window into one generator state so neighbouring seeds don't walk in step.
  const source = { rng: (Math.imul(clock.seed >>> 0, 0x9e3779b1) ^ Math.imul(window + 1, 0x85ebca6b)) >>> 0 };
  return {
    x: randomBetween(source, WALL_MARGIN, arenaSize - WALL_MARGIN),
    y: randomBetween(source, WALL_MARGIN, arenaSize - WALL_MARGIN),
  };
}

/**
 * Full speed away from `threat`. Within WALL_MARGIN of a wall the part of the escape that points into
 * the wall is dropped (the bot slides along it); cornered head-on, it runs along the wall on the axis
 * where the threat is least in line, toward the open side.
 */
function fleeInput(self: SeenPlayer, threat: SeenPlayer, arenaSize: number): MoveInput {
  let dx = self.x - threat.x;
  let dy = self.y - threat.y;
  if (dx === 0 && dy === 0) dx = towardCentre(self.x, arenaSize);
  const length = Math.sqrt(dx * dx + dy * dy);
  dx = isBlocked(self.x, dx, arenaSize) ? 0 : dx / length;
  dy = isBlocked(self.y, dy, arenaSize) ? 0 : dy / length;
  if (dx === 0 && dy === 0) {
    if (Math.abs(threat.x - self.x) <= Math.abs(threat.y - self.y)) dx = towardCentre(self.x, arenaSize);
    else dy = towardCentre(self.y, arenaSize);
  }
  const total = Math.sqrt(dx * dx + dy * dy);
  return buildMoveInput(dx / total, dy / total);
}

/** True when moving along `direction` on one axis from `position` heads into a wall closer than WALL_MARGIN. */
function isBlocked(position: number, direction: number, arenaSize: number): boolean {
  return (position < WALL_MARGIN && direction < 0) || (position > arenaSize - WALL_MARGIN && direction > 0);
}

/** +1 or -1: the direction toward the middle of the arena on one axis. */
function towardCentre(position: number, arenaSize: number): number {
  return position < arenaSize / 2 ? 1 : -1;
}

/** The candidate nearest to `from` (centre to centre) that `accept` takes; first one wins ties. */
function nearest<T extends Vec>(candidates: Iterable<T>, from: Vec, accept: (candidate: T) => boolean): T | undefined {
  let best: T | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (!accept(candidate)) continue;
    const distance = distanceSquared(candidate, from);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
