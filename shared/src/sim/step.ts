import { resizeArena } from './arena.ts';
import { resolveKills, type Kill } from './combat.ts';
import { keepInArena, stepBody, type MoveInput } from './movement.ts';
import { eatOrbs, type SimOrb } from './orbs.ts';
import { applyRules } from './rules.ts';
import { expireShields, respawnPlayer, secondsToTicks, type World } from './world.ts';

/** What one step changed that is not visible from the players' own fields. */
export interface StepEvents {
  /** Orbs eaten this step, already moved to their new points. */
  movedOrbs: SimOrb[];
  kills: Kill[];
  /** The round ended at the end of this step (the phase is now 'results'). */
  roundEnded: boolean;
  /** A new round began at the end of this step (scores reset, everyone respawned). */
  roundStarted: boolean;
}

/** Inputs for one step: for each player id, the inputs to apply in order (none means no move). */
export type StepInputs = ReadonlyMap<string, readonly MoveInput[]>;

/**
 * Advances `world` by one tick of 1/config.tickHz seconds. A pure function of (world, inputs): it
 * reads no clock and no global randomness, and mutates only `world`.
 *
 * Order: the arena resizes one tick towards what its population needs (resizeArena: the walls move,
 * orbs follow the area, everything is kept inside); spawn shields whose time is up drop; each live player applies its inputs through stepBody
 * (dead ones ignore theirs and respawn when due); during 'playing' players then eat orbs and each
 * other, the mode's extra rules run (config.rules, see rules.ts), and any disc that grew against a
 * wall is pushed back inside; finally the match clock moves between 'playing' and 'results'.
 * Movement goes on during 'results' but nothing scores.
 */
export function stepWorld(world: World, inputs: StepInputs): StepEvents {
  const events: StepEvents = { movedOrbs: [], kills: [], roundEnded: false, roundStarted: false };
  resizeArena(world, events.movedOrbs);
  const step = { dt: 1 / world.config.tickHz, arenaSize: world.arena.size };
  expireShields(world);
  for (const player of world.players.values()) {
    if (!player.alive) {
      if (world.tick >= player.respawnTick) respawnPlayer(world, player);
      continue;
    }
    for (const input of inputs.get(player.id) ?? []) stepBody(player, input, step);
  }
  if (world.match.phase === 'playing') {
    for (const player of world.players.values()) {
      if (player.alive) events.movedOrbs.push(...eatOrbs(world, player));
    }
    const respawnTick = world.tick + secondsToTicks(world.config, world.config.respawnSeconds);
    events.kills = resolveKills(world.players.values(), respawnTick);
    applyRules(world);
    // A disc that grew against a wall would poke through it until its next move.
    for (const player of world.players.values()) {
      if (player.alive) keepInArena(player, step.arenaSize);
    }
  }
  world.tick++;
  advanceMatch(world, events);
  return events;
}

/** Switches phase when the current one is over; a new round resets every score and respawns all. */
function advanceMatch(world: World, events: StepEvents): void {
  const match = world.match;
  if (world.tick < match.phaseEndsTick) return;
  if (match.phase === 'playing') {
    match.phase = 'results';
    match.phaseEndsTick = world.tick + secondsToTicks(world.config, world.config.resultsSeconds);
    events.roundEnded = true;
    return;
  }
  match.phase = 'playing';
  match.round++;
  match.phaseEndsTick = world.tick + secondsToTicks(world.config, world.config.matchSeconds);
  for (const player of world.players.values()) {
    player.score = 0;
    respawnPlayer(world, player);
  }
  events.roundStarted = true;
}

/** Whole seconds left in the current phase (rounded up), for the HUD. */
export function secondsLeft(world: World): number {
  return Math.max(0, Math.ceil((world.match.phaseEndsTick - world.tick) / world.config.tickHz));
}
