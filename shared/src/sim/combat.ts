import { EAT_MASS_GAIN, EAT_MASS_RATIO, KILL_SCORE, MAX_MASS } from '../constants.ts';
import { radiusForMass } from './movement.ts';
import type { SimPlayer } from './world.ts';

/** One player eating another during a step. */
export interface Kill {
  eaterId: string;
  preyId: string;
  /** Score the eater gained for it. */
  points: number;
}

/**
 * True when `eater` may eat `prey`: both alive, the prey not shielded (spawn protection), the eater
 * at least EAT_MASS_RATIO times heavier, and the prey's centre deep enough inside the eater (centre
 * distance < eater radius - half prey radius).
 */
export function canEat(eater: SimPlayer, prey: SimPlayer): boolean {
  if (!eater.alive || !prey.alive || prey.shielded || eater.mass < prey.mass * EAT_MASS_RATIO) return false;
  const reach = radiusForMass(eater.mass) - radiusForMass(prey.mass) / 2;
  const dx = eater.x - prey.x;
  const dy = eater.y - prey.y;
  return dx * dx + dy * dy < reach * reach;
}

/**
 * Resolves every eat between live players, in the players' insertion order (deterministic). The eater
 * gains EAT_MASS_GAIN of the prey's mass and KILL_SCORE + half the prey's mass in points; the prey is
 * marked dead until `respawnTick` and keeps its score. An eater loses its own spawn shield (protection
 * is for getting away, not for hunting). A player eaten this step eats nothing after. Kills are
 * appended to `out` (a fresh array by default); an array of players is read as is, not copied.
 */
export function resolveKills(players: Iterable<SimPlayer>, respawnTick: number, out: Kill[] = []): Kill[] {
  const list = Array.isArray(players) ? (players as readonly SimPlayer[]) : [...players];
  for (let i = 0; i < list.length; i++) {
    const eater = list[i]!;
    for (let j = 0; j < list.length; j++) {
      const prey = list[j]!;
      if (eater === prey || !canEat(eater, prey)) continue;
      const points = KILL_SCORE + Math.floor(prey.mass / 2);
      eater.mass = Math.min(MAX_MASS, eater.mass + Math.floor(prey.mass * EAT_MASS_GAIN));
      eater.score += points;
      eater.shielded = false;
      prey.alive = false;
      prey.respawnTick = respawnTick;
      out.push({ eaterId: eater.id, preyId: prey.id, points });
    }
  }
  return out;
}
