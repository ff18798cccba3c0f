import { START_MASS } from '../constants.ts';
import type { SimPlayer, World } from '../sim/world.ts';
import { decideMove, type BotDecision, type BotManners, type WanderClock } from './botBrain.ts';
import { seenFrom } from './botView.ts';

/**
 * A filler bot chases a human only once the human weighs this much, mass units (4 × START_MASS: a
 * newcomer who eats reaches it in about a minute). Filler bots make a quiet room look alive and give
 * a newcomer small prey; hunting the only human, they ate a lone newcomer every few seconds (the bots
 * outgrow a fresh player within seconds, and in the smallest arena every bot sees the whole room).
 * Below this mass a filler bot neither chases a human nor runs over one (it gives way, GIVE_WAY_GAP):
 * the human is eaten only by another human, by a bot it runs into, or by one fleeing a bigger bot
 * across it. Every respawn starts at START_MASS, so every life of a human begins spared. Figures:
 * BENCHMARKS.md, "Filler bots and a lone newcomer".
 */
export const FILLER_HUNT_MASS = START_MASS * 4;

/** The manners of every server-side filler bot. */
export const FILLER_MANNERS: Readonly<BotManners> = { spareHumansBelowMass: FILLER_HUNT_MASS };

/**
 * One tick of a server-side filler bot `self`: the shared brain (decideMove) on what its screen would
 * show (seenFrom), with FILLER_MANNERS. Pure: reads `world`, mutates nothing.
 */
export function decideFillerMove(world: World, self: SimPlayer, clock: WanderClock): BotDecision {
  return decideMove(seenFrom(world, self), clock, FILLER_MANNERS);
}
