import { MATCH_SECONDS, MAX_PLAYERS_PER_ROOM, PATCH_HZ, TICK_HZ } from '@orb-arena/shared';

/** Settings the operator controls; rooms receive them from the server, never from clients. */
export interface ServerSettings {
  /** Simulation rate, Hz. @default TICK_HZ (30) */
  tickHz: number;
  /** State patch rate, Hz. @default PATCH_HZ (20) */
  patchHz: number;
  /** Default round length, seconds (a room created with matchSeconds overrides it). @default MATCH_SECONDS */
  matchSeconds: number;
  /** Players per room. @default MAX_PLAYERS_PER_ROOM (50) */
  maxClients: number;
  /**
   * 'view' sends each client what is on its screen; 'all' sends everything to everyone (a reference
   * for the benchmark, never for production). @default 'view'
   */
  interest: 'view' | 'all';
  /**
   * Filler bots: while a room has fewer humans than this, server-side bots make up the difference
   * (they leave as humans arrive); 0 turns them off. @default 8
   */
  fillerBots: number;
  /** Spectator seats per room, on top of the player seats. @default 20 */
  maxSpectators: number;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  tickHz: TICK_HZ,
  patchHz: PATCH_HZ,
  matchSeconds: MATCH_SECONDS,
  maxClients: MAX_PLAYERS_PER_ROOM,
  interest: 'view',
  fillerBots: 8,
  maxSpectators: 20,
};

/** Reads a positive number from the environment, or the fallback; a bad value stops start-up. */
function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

/** Reads a whole number >= 0 from the environment, or the fallback; a bad value stops start-up. */
function readCount(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0, got "${raw}"`);
  return value;
}

function readInterest(raw: string | undefined): ServerSettings['interest'] {
  if (raw === undefined || raw === '' || raw === 'view') return 'view';
  if (raw === 'all') return 'all';
  throw new Error(`INTEREST must be "view" or "all", got "${raw}"`);
}

/** The process configuration: port and host to listen on, and the room settings. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  return {
    port: readNumber(env, 'PORT', 2567),
    host: env.HOST ?? '0.0.0.0',
    settings: {
      tickHz: readNumber(env, 'TICK_HZ', DEFAULT_SETTINGS.tickHz),
      patchHz: readNumber(env, 'PATCH_HZ', DEFAULT_SETTINGS.patchHz),
      matchSeconds: readNumber(env, 'MATCH_SECONDS', DEFAULT_SETTINGS.matchSeconds),
      maxClients: readNumber(env, 'ROOM_MAX_CLIENTS', DEFAULT_SETTINGS.maxClients),
      interest: readInterest(env.INTEREST),
      fillerBots: readCount(env, 'FILLER_BOTS', DEFAULT_SETTINGS.fillerBots),
      maxSpectators: readCount(env, 'ROOM_MAX_SPECTATORS', DEFAULT_SETTINGS.maxSpectators),
    } satisfies ServerSettings,
    /** Lets the benchmark reset the metrics window (POST /metrics/reset). Off in production. */
    benchMode: env.ORB_BENCH === '1',
  };
}
