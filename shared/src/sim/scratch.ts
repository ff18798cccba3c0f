import type { SimPlayer } from './world.ts';

/*
 * Helpers for reusing arrays on the server's hot path (each tick and each patch) without garbage.
 */

/**
 * Empties `list` and keeps its storage. `list.length = 0` makes V8 drop the backing store, so the next
 * push allocates a new one; popping keeps it.
 */
export function emptyInPlace(list: unknown[]): void {
  while (list.length > 0) list.pop();
}

/** A reusable list of the world's players, in the Map's (insertion) order. */
export interface PlayerScratch {
  list: SimPlayer[];
  count: number;
}

function collect(this: PlayerScratch, player: SimPlayer): void {
  this.list[this.count++] = player;
}

/**
 * Copies the values of `players` into `scratch.list`, in order, and trims it to that many. Allocates
 * only when the list grows (Map.forEach with a module-level callback needs no iterator or closure).
 */
export function listPlayers(players: ReadonlyMap<string, SimPlayer>, scratch: PlayerScratch): SimPlayer[] {
  scratch.count = 0;
  players.forEach(collect, scratch);
  const list = scratch.list;
  while (list.length > scratch.count) list.pop();
  return list;
}
