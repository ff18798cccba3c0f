import {
  ARENA_AREA_PER_PLAYER,
  ARENA_FREE_PLAYERS,
  ARENA_SIZE,
  MATCH_SECONDS,
  ORB_COUNT,
  RESPAWN_SECONDS,
  RESULTS_SECONDS,
  SPAWN_IDLE_PROTECTION_SECONDS,
  SPAWN_PROTECTION_SECONDS,
  START_MASS,
  TICK_HZ,
} from '../constants.ts';
import { activeOrbCount, initialArena, type ArenaBounds } from './arena.ts';
import { createOrbGrid, placeOrb, type OrbGrid, type SimOrb } from './orbs.ts';
import { type Body, type MoveInput } from './movement.ts';
import { type RandomSource } from './random.ts';
import type { RuleId } from './rules.ts';
import { findSpawnPoint } from './spawn.ts';

/** A player as the simulation sees it. The server's schema Player is a projection of this. */
export interface SimPlayer extends Body {
  id: string;
  name: string;
  /** Points earned this round; never negative, kept when the player dies. */
  score: number;
  alive: boolean;
  /** Tick at which a dead player comes back (meaningless while alive). */
  respawnTick: number;
  /** Order of arrival in the room, the leaderboard's tie-breaker. */
  joinOrder: number;
  /** Tick of the last (re)spawn, for "time alive". */
  spawnTick: number;
  /** True while the player cannot be eaten (spawn protection). */
  shielded: boolean;
  /**
   * Tick at which the shield drops unless the player ate someone first: the idle limit until the
   * player's first move, then SPAWN_PROTECTION_SECONDS after that move (see startShieldCountdown).
   */
  shieldUntilTick: number;
  /** A server-side filler bot (same rules, marked as a bot to everyone). */
  bot: boolean;
}

export type MatchPhase = 'playing' | 'results';

export interface MatchClock {
  phase: MatchPhase;
  /** 1 for the first round, then counts up. */
  round: number;
  /** Tick at which the current phase ends. */
  phaseEndsTick: number;
}

/** Room-level settings, fixed for the life of a world. */
export interface WorldConfig {
  /** Steps per second; every duration below is converted to ticks with it. @default TICK_HZ */
  tickHz: number;
  /** @default MATCH_SECONDS */
  matchSeconds: number;
  /** @default RESULTS_SECONDS */
  resultsSeconds: number;
  /** @default RESPAWN_SECONDS */
  respawnSeconds: number;
  /** Orbs in play at the largest side (fewer in a smaller arena, by area: see sim/arena.ts). @default ORB_COUNT */
  orbCount: number;
  /** Fewest orbs in play, whatever the side (see activeOrbCount). @default 0 (the density alone) */
  minOrbCount: number;
  /** Largest side of the square arena, units; at most ARENA_SIZE. @default ARENA_SIZE */
  arenaSize: number;
  /** Smallest side, units (the side grows with the population up to arenaSize). @default ARENA_SIZE (a fixed arena) */
  minArenaSize: number;
  /** Area per player the side grows by, units² (see targetArenaSize). @default ARENA_AREA_PER_PLAYER */
  arenaAreaPerPlayer: number;
  /** Players the area does not count (see targetArenaSize). @default ARENA_FREE_PLAYERS */
  arenaFreePlayers: number;
  /** Share of its mass a player above DECAY_FLOOR_MASS loses each second (0 = no decay). @default 0 */
  massDecayPerSecond: number;
  /** Extra rules stepWorld runs each 'playing' tick, by name (see sim/rules.ts). @default [] */
  rules: RuleId[];
  /** Shield time from a spawned player's first move. @default SPAWN_PROTECTION_SECONDS */
  spawnProtectionSeconds: number;
  /** Shield time for a spawned player who has not moved yet. @default SPAWN_IDLE_PROTECTION_SECONDS */
  spawnIdleProtectionSeconds: number;
}

/** Everything the simulation knows. Plain data: structuredClone-able, deterministic from seed + inputs. */
export interface World extends RandomSource {
  config: WorldConfig;
  tick: number;
  players: Map<string, SimPlayer>;
  /** The arena's live side and the side it heads for (see sim/arena.ts). */
  arena: ArenaBounds;
  /**
   * Index = orb id, config.orbCount of them. An eaten orb is moved, never removed; those beyond what
   * the live side holds are out of play (cell -1).
   */
  orbs: SimOrb[];
  /** Spatial index over `orbs`, kept in step by placeOrb. */
  orbGrid: OrbGrid;
  match: MatchClock;
  nextJoinOrder: number;
}

export const DEFAULT_WORLD_CONFIG: WorldConfig = {
  tickHz: TICK_HZ,
  matchSeconds: MATCH_SECONDS,
  resultsSeconds: RESULTS_SECONDS,
  respawnSeconds: RESPAWN_SECONDS,
  orbCount: ORB_COUNT,
  minOrbCount: 0,
  arenaSize: ARENA_SIZE,
  minArenaSize: ARENA_SIZE,
  arenaAreaPerPlayer: ARENA_AREA_PER_PLAYER,
  arenaFreePlayers: ARENA_FREE_PLAYERS,
  massDecayPerSecond: 0,
  rules: [],
  spawnProtectionSeconds: SPAWN_PROTECTION_SECONDS,
  spawnIdleProtectionSeconds: SPAWN_IDLE_PROTECTION_SECONDS,
};

/** Converts seconds of game time to whole ticks (at least 1). */
export function secondsToTicks(config: WorldConfig, seconds: number): number {
  return Math.max(1, Math.round(seconds * config.tickHz));
}

/**
 * Creates a world in round 1, phase 'playing', at the smallest side, with config.orbCount orbs of
 * which those that side holds (activeOrbCount) are placed from `seed`, the rest out of play.
 * Same seed and config give deep-equal worlds.
 */
export function createWorld(seed: number, config: Partial<WorldConfig> = {}): World {
  const full = { ...DEFAULT_WORLD_CONFIG, ...config };
  const world: World = {
    config: full,
    rng: seed >>> 0,
    tick: 0,
    players: new Map(),
    arena: initialArena(full),
    orbs: [],
    orbGrid: createOrbGrid(),
    match: { phase: 'playing', round: 1, phaseEndsTick: secondsToTicks(full, full.matchSeconds) },
    nextJoinOrder: 0,
  };
  const inPlay = activeOrbCount(full, world.arena.size);
  for (let id = 0; id < full.orbCount; id++) {
    const orb: SimOrb = { id, x: 0, y: 0, cell: -1 };
    world.orbs.push(orb);
    if (id < inPlay) placeOrb(world, orb);
  }
  return world;
}

/**
 * Puts `player` back in play at START_MASS, inside the live arena, at a point no heavier player is near (findSpawnPoint),
 * shielded until it has moved for config.spawnProtectionSeconds or stood still for
 * config.spawnIdleProtectionSeconds. Advances the world's generator.
 */
export function respawnPlayer(world: World, player: SimPlayer): void {
  const others = [...world.players.values()].filter((other) => other !== player);
  const point = findSpawnPoint(world, others, { mass: START_MASS, arenaSize: world.arena.size });
  player.x = point.x;
  player.y = point.y;
  player.mass = START_MASS;
  player.alive = true;
  player.respawnTick = 0;
  player.spawnTick = world.tick;
  player.shielded = true;
  player.shieldUntilTick = world.tick + secondsToTicks(world.config, world.config.spawnIdleProtectionSeconds);
}

/**
 * Starts a shielded `player`'s protection countdown at its first move (an input that steers, applied
 * this tick): the shield then lasts config.spawnProtectionSeconds from now, never longer than the idle
 * limit set at the spawn. Later moves change nothing. Allocates nothing (the step calls it per player).
 */
export function startShieldCountdown(world: World, player: SimPlayer, inputs: readonly MoveInput[]): void {
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i]!.x === 0 && inputs[i]!.y === 0) continue;
    const end = world.tick + secondsToTicks(world.config, world.config.spawnProtectionSeconds);
    if (end < player.shieldUntilTick) player.shieldUntilTick = end;
    return;
  }
}

/** Drops the spawn shield of every player whose time is up. Mutates only `shielded`. */
export function expireShields(world: World): void {
  for (const player of world.players.values()) expireShield(world, player);
}

/** Drops `player`'s spawn shield if its time is up (the step's per-player form of expireShields). */
export function expireShield(world: World, player: SimPlayer): void {
  if (player.shielded && world.tick >= player.shieldUntilTick) player.shielded = false;
}

/** Adds a live player (not a bot) with score 0. Returns it. `id` must be new to the world. */
export function addPlayer(world: World, id: string, name: string): SimPlayer {
  const player: SimPlayer = {
    id,
    name,
    x: 0,
    y: 0,
    mass: START_MASS,
    score: 0,
    alive: true,
    respawnTick: 0,
    joinOrder: world.nextJoinOrder++,
    spawnTick: world.tick,
    shielded: false,
    shieldUntilTick: 0,
    bot: false,
  };
  respawnPlayer(world, player);
  world.players.set(id, player);
  return player;
}

/** Removes a player; unknown ids are ignored. */
export function removePlayer(world: World, id: string): void {
  world.players.delete(id);
}
