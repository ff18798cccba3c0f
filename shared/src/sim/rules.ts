import { decayMass } from './decay.ts';
import type { World } from './world.ts';

/**
 * A rule a mode can switch on: runs once per tick while the round is 'playing', after movement,
 * eating and kills and before the match clock moves. Like every step function it is pure: it reads
 * and mutates only `world` (config, tick, players, orbs, rng), never a clock or global randomness.
 */
export type StepRule = (world: World) => void;

/**
 * Every optional rule, by the name a mode lists in `WorldConfig.rules`. Names, not functions, go in
 * the config so a World stays plain data (structuredClone-able, loggable, replayable). A new rule is
 * a pure function in its own sim/ file with its test, plus one line here.
 */
export const STEP_RULES = {
  massDecay: decayMass,
} as const satisfies Record<string, StepRule>;

/** The name of an optional rule. */
export type RuleId = keyof typeof STEP_RULES;

/** Runs the rules `world.config.rules` names, in the order listed. */
export function applyRules(world: World): void {
  for (const id of world.config.rules) STEP_RULES[id](world);
}
