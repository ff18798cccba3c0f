import {
  ARENA_AREA_PER_PLAYER,
  ARENA_FREE_PLAYERS,
  ARENA_SIZE,
  MATCH_SECONDS,
  MAX_PLAYERS_PER_ROOM,
  MIN_ARENA_SIZE,
  MIN_ORB_COUNT,
  ORB_COUNT,
  RESPAWN_SECONDS,
  RESULTS_SECONDS,
  SPAWN_IDLE_PROTECTION_SECONDS,
  SPAWN_PROTECTION_SECONDS,
} from './constants.ts';
import type { WorldConfig } from './sim/world.ts';

/** Players blitz's area does not count (classic counts ARENA_FREE_PLAYERS). */
const BLITZ_FREE_PLAYERS = 5;

/** Everything a game mode decides: how it is shown, how many play, and the world's rules. */
export interface GameMode {
  /** Room type name on the server and the mode's id everywhere else (lobby, URLs, metadata). */
  id: string;
  /** Shown in the lobby. */
  title: string;
  /** One line for the lobby. */
  summary: string;
  /** Player seats per room (the operator's ROOM_MAX_CLIENTS can only lower it). */
  maxPlayers: number;
  /** A public room with fewer humans than this gets server-side filler bots (the operator's FILLER_BOTS overrides it). */
  fillerBots: number;
  /**
   * The simulation settings of the mode's rooms (tickHz comes from the server). A private room may
   * still choose its own round length.
   */
  world: Omit<WorldConfig, 'tickHz'>;
}

/**
 * Every mode, registered once here: the server registers one room type per entry, the lobby offers
 * them, the client reads the arena size from the room's state. Adding a mode is adding an entry
 * (and, if it needs a new rule, a pure function in sim/ listed in sim/rules.ts): see
 * docs/ARCHITECTURE.md, "A new game mode".
 */
export const MODES = {
  classic: {
    id: 'classic',
    title: 'Classic',
    summary: 'Up to 50 players on an arena that grows with them (1200 to 4000 a side), 5-minute rounds.',
    maxPlayers: MAX_PLAYERS_PER_ROOM,
    fillerBots: 8,
    world: {
      arenaSize: ARENA_SIZE,
      minArenaSize: MIN_ARENA_SIZE,
      arenaAreaPerPlayer: ARENA_AREA_PER_PLAYER,
      arenaFreePlayers: ARENA_FREE_PLAYERS,
      matchSeconds: MATCH_SECONDS,
      resultsSeconds: RESULTS_SECONDS,
      respawnSeconds: RESPAWN_SECONDS,
      orbCount: ORB_COUNT,
      minOrbCount: MIN_ORB_COUNT,
      massDecayPerSecond: 0,
      rules: [],
      spawnProtectionSeconds: SPAWN_PROTECTION_SECONDS,
      spawnIdleProtectionSeconds: SPAWN_IDLE_PROTECTION_SECONDS,
    },
  },
  blitz: {
    id: 'blitz',
    title: 'Blitz',
    summary: 'Small arena (up to 1600 × 1600), 12 players, 2-minute rounds, big orbs shrink fast.',
    maxPlayers: 12,
    fillerBots: 4,
    world: {
      arenaSize: 1600,
      // A full blitz room fills 1600², up to 7 players get 1000² (5 free: its rooms are small).
      minArenaSize: 1000,
      arenaAreaPerPlayer: (1600 * 1600) / (12 - BLITZ_FREE_PLAYERS),
      arenaFreePlayers: BLITZ_FREE_PLAYERS,
      matchSeconds: 120,
      resultsSeconds: 8,
      respawnSeconds: 2,
      // The classic density (orbs per unit²) times 1.5 at full size: a small arena should feel busy.
      orbCount: Math.round(ORB_COUNT * (1600 / ARENA_SIZE) ** 2 * 1.5),
      minOrbCount: 0,
      massDecayPerSecond: 0.02,
      rules: ['massDecay'],
      spawnProtectionSeconds: SPAWN_PROTECTION_SECONDS,
      spawnIdleProtectionSeconds: SPAWN_IDLE_PROTECTION_SECONDS,
    },
  },
} as const satisfies Record<string, GameMode>;

/** The id of a registered mode. */
export type ModeId = keyof typeof MODES;

/** Quick play's mode when none is chosen (bots and tools join it as ARENA_ROOM). */
export const DEFAULT_MODE: ModeId = 'classic';

/** Every mode, in the order the lobby shows them. */
export const MODE_LIST: readonly GameMode[] = Object.values(MODES);

/** True if `id` names a registered mode. */
export function isModeId(id: unknown): id is ModeId {
  return typeof id === 'string' && Object.hasOwn(MODES, id);
}

/**
 * The WorldConfig of a room of `mode` at `tickHz`, with an optional round length of its own (a
 * private room's choice, or the operator's MATCH_SECONDS for the default mode).
 */
export function worldConfigFor(mode: GameMode, options: { tickHz: number; matchSeconds?: number }): WorldConfig {
  return {
    ...mode.world,
    rules: [...mode.world.rules],
    tickHz: options.tickHz,
    matchSeconds: options.matchSeconds ?? mode.world.matchSeconds,
  };
}
