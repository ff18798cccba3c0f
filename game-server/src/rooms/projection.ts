import {
  LEADERBOARD_SIZE,
  LeaderEntry,
  Orb,
  listPlayers,
  rankPlayersInto,
  secondsLeft,
  type ArenaState,
  type Player,
  type SimOrb,
  type SimPlayer,
  type PlayerScratch,
  type World,
} from '@orb-arena/shared';
import type { EntityPool } from './EntityPool.ts';

/*
 * The synchronized state is a projection of the simulation's World. Each function writes a field
 * only when its value differs, so an unchanged field never costs a byte in the next patch.
 */

/** Copies a simulation player's public and owner-only fields onto its schema entry. */
export function syncPlayer(player: SimPlayer, entity: Player): void {
  if (entity.name !== player.name) entity.name = player.name;
  if (entity.x !== player.x) entity.x = player.x;
  if (entity.y !== player.y) entity.y = player.y;
  if (entity.mass !== player.mass) entity.mass = player.mass;
  if (entity.alive !== player.alive) entity.alive = player.alive;
  if (entity.shielded !== player.shielded) entity.shielded = player.shielded;
  if (entity.bot !== player.bot) entity.bot = player.bot;
  if (entity.score !== player.score) entity.score = player.score;
}

/** Reused by syncPlayers (which runs to completion): the tick's projection allocates nothing. */
const everyone: PlayerScratch = { list: [], count: 0 };

/** Copies every simulation player onto its schema entry (syncPlayer for the whole world). */
export function syncPlayers(world: World, state: ArenaState): void {
  const players = listPlayers(world.players, everyone);
  for (let i = 0; i < players.length; i++) {
    const entity = state.players.get(players[i]!.id);
    if (entity) syncPlayer(players[i]!, entity);
  }
}

/** Creates the orb map entries; `keys[i]` is the map key of orb i. */
export function createOrbEntities(world: World, state: ArenaState, keys: readonly string[]): void {
  for (const orb of world.orbs) state.orbs.set(keys[orb.id]!, new Orb({ x: orb.x, y: orb.y }));
}

/** Copies the new positions of orbs that were eaten and re-placed. */
export function syncOrbs(moved: readonly SimOrb[], state: ArenaState, keys: readonly string[]): void {
  for (let i = 0; i < moved.length; i++) {
    const orb = moved[i]!;
    const entity = state.orbs.get(keys[orb.id]!);
    if (!entity) continue;
    if (entity.x !== orb.x) entity.x = orb.x;
    if (entity.y !== orb.y) entity.y = orb.y;
  }
}

/** Copies the match clock fields and the arena's live side. */
export function syncMatch(world: World, state: ArenaState): void {
  if (state.arenaSize !== world.arena.size) state.arenaSize = world.arena.size;
  if (state.arenaTarget !== world.arena.target) state.arenaTarget = world.arena.target;
  if (state.phase !== world.match.phase) state.phase = world.match.phase;
  if (state.round !== world.match.round) state.round = world.match.round;
  const left = secondsLeft(world);
  if (state.secondsLeft !== left) state.secondsLeft = left;
  if (state.playerCount !== world.players.size) state.playerCount = world.players.size;
}

/** Reused by syncLeaderboard (which runs to completion), so a leaderboard refresh allocates nothing. */
const ranking: PlayerScratch = { list: [], count: 0 };

/** Whether one of the first `top` of `ranked` is the player `id`. */
function ranksAmong(ranked: readonly SimPlayer[], top: number, id: string): boolean {
  for (let i = 0; i < top; i++) if (ranked[i]!.id === id) return true;
  return false;
}

/** The board entry held by player `id`, if any. */
function entryOf(board: ArenaState['leaderboard'], id: string): LeaderEntry | undefined {
  for (let e = 0; e < board.length; e++) if (board[e]!.id === id) return board[e];
  return undefined;
}

/** An entry of `board` whose player is no longer among the first `top` of `ranked`, if any. */
function freeEntry(
  board: ArenaState['leaderboard'],
  ranked: readonly SimPlayer[],
  top: number,
): LeaderEntry | undefined {
  for (let e = 0; e < board.length; e++) if (!ranksAmong(ranked, top, board[e]!.id)) return board[e];
  return undefined;
}

/**
 * Recomputes ranks: every player's own `rank` and the public top-LEADERBOARD_SIZE board. Each leader
 * keeps its entry while it stays on the board, and only its `rank` and `score` change as it climbs or
 * falls; a player coming onto the board takes the entry of one who left it. An entry's minimap
 * position is written when `positions` is set or another player takes the entry; otherwise it keeps
 * the last one (see LEADERBOARD_POSITIONS_EVERY_TICKS). New entries come from `entries` and dropped
 * ones go back to it, when given (see EntityPool). Allocates nothing.
 */
export function syncLeaderboard(
  world: World,
  state: ArenaState,
  { positions = false, entries }: { positions?: boolean; entries?: EntityPool<LeaderEntry> } = {},
): void {
  const ranked = rankPlayersInto(world.players, ranking);
  for (let index = 0; index < ranked.length; index++) {
    const entity = state.players.get(ranked[index]!.id);
    if (entity && entity.rank !== index + 1) entity.rank = index + 1;
  }
  // The same list the round results report (topStandings).
  const top = Math.min(LEADERBOARD_SIZE, ranked.length);
  const board = state.leaderboard;
  // A smaller board (players left the room) drops entries from the end; a leader whose entry that
  // was takes a free one below.
  while (board.length > top) {
    const dropped = board.pop();
    if (dropped) entries?.release(dropped);
  }
  for (let index = 0; index < top; index++) {
    const player = ranked[index]!;
    let entry = entryOf(board, player.id);
    const taken = entry === undefined;
    if (!entry) entry = freeEntry(board, ranked, top);
    if (!entry) {
      entry = entries?.take() ?? new LeaderEntry();
      board.push(entry);
    }
    if (positions || taken) {
      // Quantized to the map's steps: a step not crossed costs nothing on the wire.
      entry.x = player.x;
      entry.y = player.y;
    }
    if (entry.id !== player.id) entry.id = player.id;
    if (entry.name !== player.name) entry.name = player.name;
    if (entry.score !== player.score) entry.score = player.score;
    if (entry.bot !== player.bot) entry.bot = player.bot;
    if (entry.rank !== index + 1) entry.rank = index + 1;
  }
}
