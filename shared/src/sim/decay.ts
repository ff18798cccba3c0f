import { START_MASS } from '../constants.ts';
import type { World } from './world.ts';

/** Players at or below this mass never decay, units of mass: decay shrinks the big, not the new. */
export const DECAY_FLOOR_MASS = START_MASS * 3;

/**
 * Mass decay: once per second of game time (every config.tickHz ticks), each live player above
 * DECAY_FLOOR_MASS loses config.massDecayPerSecond of its mass, rounded up to a whole unit and never
 * below the floor. Mass stays an integer. Reads config and tick; mutates only players' mass.
 * Scores are untouched: decay keeps a leader within reach, it does not take points away.
 */
export function decayMass(world: World): void {
  const rate = world.config.massDecayPerSecond;
  if (rate <= 0 || world.tick % world.config.tickHz !== 0) return;
  for (const player of world.players.values()) {
    if (!player.alive || player.mass <= DECAY_FLOOR_MASS) continue;
    const loss = Math.ceil(player.mass * rate);
    player.mass = Math.max(DECAY_FLOOR_MASS, player.mass - loss);
  }
}
