import type { SimPlayer } from './world.ts';

/**
 * Orders players by score, highest first; ties go to whoever joined first, so the order is total and
 * deterministic. Returns a new array; reads only score and joinOrder.
 */
export function rankPlayers(players: Iterable<SimPlayer>): SimPlayer[] {
  return [...players].sort((a, b) => b.score - a.score || a.joinOrder - b.joinOrder);
}

/** The best `count` players as public standings (id, name, score), best first. */
export function topStandings(
  players: Iterable<SimPlayer>,
  count: number,
): { id: string; name: string; score: number }[] {
  return rankPlayers(players)
    .slice(0, count)
    .map(({ id, name, score }) => ({ id, name, score }));
}
