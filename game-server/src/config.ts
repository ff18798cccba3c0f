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
  /** Seconds a dropped player keeps its seat (and orb) while its client reconnects. @default 20 */
  reconnectSeconds: number;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  tickHz: TICK_HZ,
  patchHz: PATCH_HZ,
  matchSeconds: MATCH_SECONDS,
  maxClients: MAX_PLAYERS_PER_ROOM,
  interest: 'view',
  reconnectSeconds: 20,
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

function readInterest(raw: string | undefined): ServerSettings['interest'] {
  if (raw === undefined || raw === '' || raw === 'view') return 'view';
  if (raw === 'all') return 'all';
  throw new Error(`INTEREST must be "view" or "all", got "${raw}"`);
}

// --- Identity and persistence (issue 8) ------------------------------------------------------------

/** Where the server keeps what must survive a restart, and how guest tokens are signed. */
export interface PersistenceConfig {
  /** Folder for the SQLite leaderboard and the generated token secret. @default <repository>/data */
  dataDir: string;
  /** Secret that signs guest tokens; unset, one is generated and kept in dataDir. @default unset */
  jwtSecret: string | undefined;
  /** Redis for the leaderboards (and what works across processes); unset, SQLite. @default unset */
  redisUrl: string | undefined;
  /** NODE_ENV=production: a token secret that cannot be kept stops start-up. */
  production: boolean;
}

/** The repository's data/ folder (git-ignored), wherever the process was started from. */
export const DEFAULT_DATA_DIR = new URL('../../data/', import.meta.url).pathname;

/** Reads DATA_DIR, JWT_SECRET, REDIS_URL and NODE_ENV; a bad REDIS_URL stops start-up. */
export function readPersistenceConfig(env: NodeJS.ProcessEnv = process.env): PersistenceConfig {
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl)) {
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);
  }
  return {
    dataDir: env.DATA_DIR || DEFAULT_DATA_DIR,
    jwtSecret: env.JWT_SECRET || undefined,
    redisUrl,
    production: env.NODE_ENV === 'production',
  };
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
      reconnectSeconds: readNumber(env, 'RECONNECT_SECONDS', DEFAULT_SETTINGS.reconnectSeconds),
    } satisfies ServerSettings,
    /** Lets the benchmark reset the metrics window (POST /metrics/reset). Off in production. */
    benchMode: env.ORB_BENCH === '1',
    persistence: readPersistenceConfig(env),
  };
}
