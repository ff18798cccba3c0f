import { resizeArena } from './arena.ts';
import { resolveKills, type Kill } from './combat.ts';
import { keepInArena, stepBody, type BodyStep, type MoveInput } from './movement.ts';
import { eatOrbsInto, type SimOrb } from './orbs.ts';
import { applyRules } from './rules.ts';
import { emptyInPlace, listPlayers, type PlayerScratch } from './scratch.ts';
import { expireShield, respawnPlayer, secondsToTicks, startShieldCountdown, type World } from './world.ts';

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

/** A new, empty StepEvents (for a caller that reuses one across steps). */
export function createStepEvents(): StepEvents {
  return { movedOrbs: [], kills: [], roundEnded: false, roundStarted: false };
}

// Reused by every call: stepWorld runs to completion and keeps nothing in them between calls that
// it reads again, so sharing them across worlds is safe and the step allocates nothing of its own.
const players: PlayerScratch = { list: [], count: 0 };
const bodyStep: BodyStep = { dt: 0, arenaSize: 0 };
const NO_INPUTS: readonly MoveInput[] = [];

/**
 * Advances `world` by one tick of 1/config.tickHz seconds. A pure function of (world, inputs): it
 * reads no clock and no global randomness, and mutates only `world`.
 *
 * Order: the arena resizes one tick towards what its population needs (resizeArena: the walls move,
 * orbs follow the area, everything is kept inside); spawn shields whose time is up drop; each live
 * player applies its inputs through stepBody, and a shielded one's first move starts its shield's
 * countdown (dead ones ignore their inputs and respawn when due); during
 * 'playing' players then eat orbs and each other, the mode's extra rules run (config.rules, see
 * rules.ts), and any disc that grew against a wall is pushed back inside; finally the match clock
 * moves between 'playing' and 'results'.
 * Movement goes on during 'results' but nothing scores.
 *
 * `events`, when given, is emptied and filled instead of a new one: the server's tick passes the same
 * object every time, so a steady step allocates nothing (the arrays it returns are then valid only
 * until the next call).
 */
export function stepWorld(world: World, inputs: StepInputs, events: StepEvents = createStepEvents()): StepEvents {
  emptyInPlace(events.movedOrbs);
  emptyInPlace(events.kills);
  events.roundEnded = false;
  events.roundStarted = false;
  resizeArena(world, events.movedOrbs);
  bodyStep.dt = 1 / world.config.tickHz;
  bodyStep.arenaSize = world.arena.size;
  const list = listPlayers(world.players, players);
  for (let i = 0; i < list.length; i++) expireShield(world, list[i]!);
  for (let i = 0; i < list.length; i++) {
    const player = list[i]!;
    if (!player.alive) {
      if (world.tick >= player.respawnTick) respawnPlayer(world, player);
      continue;
    }
    const own = inputs.get(player.id) ?? NO_INPUTS;
    for (let j = 0; j < own.length; j++) stepBody(player, own[j]!, bodyStep);
    if (player.shielded) startShieldCountdown(world, player, own);
  }
  if (world.match.phase === 'playing') {
    for (let i = 0; i < list.length; i++) {
      if (list[i]!.alive) eatOrbsInto(world, list[i]!, events.movedOrbs);
    }
    const respawnTick = world.tick + secondsToTicks(world.config, world.config.respawnSeconds);
    resolveKills(list, respawnTick, events.kills);
    applyRules(world);
    // A disc that grew against a wall would poke through it until its next move.
    for (let i = 0; i < list.length; i++) {
      if (list[i]!.alive) keepInArena(list[i]!, bodyStep.arenaSize);
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
