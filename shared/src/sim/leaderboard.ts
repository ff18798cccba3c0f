import type { SimPlayer } from './world.ts';

/**
 * Orders players by score, highest first; ties go to whoever joined first, so the order is total and
 * deterministic. Returns a new array; reads only score and joinOrder.
 */
export function rankPlayers(players: Iterable<SimPlayer>): SimPlayer[] {
  return [...players].sort((a, b) => b.score - a.score || a.joinOrder - b.joinOrder);
}
