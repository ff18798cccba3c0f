import { ARENA_GROW_PER_TICK, ARENA_SHRINK_PER_TICK, ARENA_SIZE_QUANTUM, ORB_WALL_MARGIN } from '../constants.ts';
import { keepInArena, type Body } from './movement.ts';
import { parkOrb, placeOrb, type OrbWorld, type SimOrb } from './orbs.ts';

/*
 * An arena that grows with its population, as .io games do: the side follows the square root of the
 * player count less the mode's arenaFreePlayers (classic: sqrt((players - 10) × 400,000 units²), from
 * 1,200 up to 13 players through 2,000 at 20 to 4,000 at 50; see ARENA_FREE_PLAYERS), so the number of
 * players on a screen and the bytes a client receives stay about the same from 10 players to a full room.
 *
 * Only the far walls move: the arena is always [0, size]², so positions stay non-negative and fit the
 * 16-bit wire field. The side moves towards a target a few units a tick (never jumps), and the whole
 * schedule is a pure function of the world (its population and its current side), computed inside
 * stepWorld: replaying the seed and the log of joins, leaves and inputs gives the same walls.
 *
 * A shrink never traps anything outside: the wall moves inwards ARENA_SHRINK_PER_TICK units a tick,
 * slower than any player can move, and every step ends with each disc pushed back inside (the wall
 * pushes a player standing in its way, as a wall it grew against would). An orb the wall passes is
 * either retired (when the smaller arena needs fewer orbs) or re-placed at a random point inside, from
 * the world's generator, so the orb count follows the area and every orb in play lies inside.
 */

/** The arena's live side and where it is heading, units. Part of the World (plain data). */
export interface ArenaBounds {
  /** Side of the square arena this tick, a whole number of units. */
  size: number;
  /** The side it moves towards, a multiple of ARENA_SIZE_QUANTUM within the mode's bounds. */
  target: number;
}

/** The settings the arena's size follows (a WorldConfig has them all). */
export interface ArenaGrowth {
  /** Largest side, units (reached at arenaSize² / arenaAreaPerPlayer players). */
  arenaSize: number;
  /** Smallest side, units; at most arenaSize (equal: a fixed arena). */
  minArenaSize: number;
  /** Area each player beyond arenaFreePlayers is given, units². */
  arenaAreaPerPlayer: number;
  /** Players the area does not count: the side follows sqrt((players - arenaFreePlayers) × arenaAreaPerPlayer). */
  arenaFreePlayers: number;
  /** Orbs in play at the largest side; fewer in proportion to the area below it. */
  orbCount: number;
  /** Fewest orbs in play at any side (at most orbCount): a small arena's floor, see activeOrbCount. */
  minOrbCount: number;
}

/**
 * The side the arena should head for with `players` in it, given the `current` target. Grows at once
 * to the next multiple of ARENA_SIZE_QUANTUM that gives each player beyond arenaFreePlayers
 * arenaAreaPerPlayer (room for the newcomer); shrinks only once the needed side is two steps below
 * the current target, so one player joining and leaving at a step's edge never moves the walls back
 * and forth (one player moves the needed side by less than a step from 8 players up; below that the
 * smallest side holds them). Clamped to [minArenaSize, arenaSize].
 */
export function targetArenaSize(config: ArenaGrowth, players: number, current: number): number {
  const smallest = Math.min(config.minArenaSize, config.arenaSize);
  const needed = Math.sqrt(Math.max(0, players - config.arenaFreePlayers) * config.arenaAreaPerPlayer);
  const fit = Math.min(
    config.arenaSize,
    Math.max(smallest, Math.ceil(needed / ARENA_SIZE_QUANTUM) * ARENA_SIZE_QUANTUM),
  );
  if (fit > current) return fit;
  // A current target above the largest side (none the step makes) also comes back within bounds.
  if (needed <= current - 2 * ARENA_SIZE_QUANTUM || current > config.arenaSize) return fit;
  return current;
}

/**
 * The side `ticks` steps after one of `size` heading for `target`: the client predicts its own
 * steps with the walls the server will have at those ticks (see Predictor). Pure.
 */
export function arenaSizeAfter(size: number, target: number, ticks: number): number {
  if (size < target) return Math.min(target, size + ticks * ARENA_GROW_PER_TICK);
  return Math.max(target, size - ticks * ARENA_SHRINK_PER_TICK);
}

/**
 * Orbs in play in an arena of side `size`: config.orbCount scaled by the area, so the density is
 * constant, but never fewer than config.minOrbCount (nor more than config.orbCount). The floor is for
 * the smallest sides: there the players the area does not count (arenaFreePlayers) share a few dozen
 * orbs, and a newcomer alone with the filler bots found little to eat. Pure.
 */
export function activeOrbCount(config: ArenaGrowth, size: number): number {
  const byArea = Math.round((config.orbCount * size * size) / (config.arenaSize * config.arenaSize));
  return Math.min(config.orbCount, Math.max(config.minOrbCount, byArea));
}

/** The bounds of a new world with `players` in it (none: the smallest side). */
export function initialArena(config: ArenaGrowth, players = 0): ArenaBounds {
  const target = targetArenaSize(config, players, Math.min(config.minArenaSize, config.arenaSize));
  return { size: target, target };
}

/** What resizeArena works on: the world's bounds, players and orbs. */
export interface ResizableWorld extends OrbWorld {
  arena: ArenaBounds;
  config: ArenaGrowth;
  players: Map<string, Body & { alive: boolean }>;
  orbs: SimOrb[];
}

/**
 * One tick of the arena's size, run first in every step: retargets from the player count, moves the
 * side one tick towards the target, then brings the orb count to activeOrbCount and everything
 * inside the new walls. Orbs it puts in play or moves are pushed to `movedOrbs`. Deterministic: reads
 * and mutates only `world` (bounds, orbs, grid, generator, player positions). Does nothing when the
 * side is at its target.
 */
export function resizeArena(world: ResizableWorld, movedOrbs: SimOrb[]): void {
  const arena = world.arena;
  arena.target = targetArenaSize(world.config, world.players.size, arena.target);
  if (arena.size === arena.target) return;
  arena.size = arenaSizeAfter(arena.size, arena.target, 1);
  fitOrbs(world, movedOrbs);
  for (const player of world.players.values()) keepInArena(player, arena.size);
}

/**
 * Brings the orbs in play to activeOrbCount of the current side: an orb outside the walls is retired
 * while there are too many, else re-placed inside; then the highest ids retire, or the lowest retired
 * ids come back at random points, until the count is right.
 */
function fitOrbs(world: ResizableWorld, movedOrbs: SimOrb[]): void {
  const wanted = activeOrbCount(world.config, world.arena.size);
  const limit = world.arena.size - ORB_WALL_MARGIN;
  let active = 0;
  for (const orb of world.orbs) if (orb.cell >= 0) active++;
  for (const orb of world.orbs) {
    if (orb.cell < 0 || (orb.x <= limit && orb.y <= limit)) continue;
    if (active > wanted) {
      parkOrb(world, orb);
      active--;
    } else {
      placeOrb(world, orb);
      movedOrbs.push(orb);
    }
  }
  for (let id = world.orbs.length - 1; id >= 0 && active > wanted; id--) {
    const orb = world.orbs[id]!;
    if (orb.cell < 0) continue;
    parkOrb(world, orb);
    active--;
  }
  for (let id = 0; id < world.orbs.length && active < wanted; id++) {
    const orb = world.orbs[id]!;
    if (orb.cell >= 0) continue;
    placeOrb(world, orb);
    movedOrbs.push(orb);
    active++;
  }
}
