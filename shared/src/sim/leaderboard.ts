import { listPlayers, type PlayerScratch } from './scratch.ts';
import type { SimPlayer } from './world.ts';

/** The ranking order: score, highest first; ties to whoever joined first (a total order). */
function compareRank(a: SimPlayer, b: SimPlayer): number {
  return b.score - a.score || a.joinOrder - b.joinOrder;
}

/**
 * Orders players by score, highest first; ties go to whoever joined first, so the order is total and
 * deterministic. Returns a new array; reads only score and joinOrder.
 */
export function rankPlayers(players: Iterable<SimPlayer>): SimPlayer[] {
  return [...players].sort(compareRank);
}

/**
 * rankPlayers into a reused list, for the server's tick: the same order (it is total), sorted in place
 * by insertion (few players, and nearly sorted from the last call), with no garbage.
 */
export function rankPlayersInto(players: ReadonlyMap<string, SimPlayer>, scratch: PlayerScratch): SimPlayer[] {
  const list = listPlayers(players, scratch);
  for (let i = 1; i < list.length; i++) {
    const player = list[i]!;
    let j = i - 1;
    while (j >= 0 && compareRank(list[j]!, player) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = player;
  }
  return list;
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
