import { MATCH_SECONDS, MAX_PLAYERS_PER_ROOM, PATCH_HZ, TICK_HZ } from '@orb-arena/shared';
import { z } from 'zod';
import { DEFAULT_SECURITY_LIMITS, type Budget, type SecurityLimits } from './security/limits.ts';

/*
 * The one configuration module. Every environment variable the server reads is declared here, in a
 * block per concern, with its default and meaning (`.describe()`); the README's configuration table
 * lists the same variables (a test checks that). readConfig() validates the whole environment once at
 * start-up and throws a ConfigError naming every bad variable, what it expected and what it got.
 * To add a variable: add it to a block (or a new block spread into ENV_SCHEMA), then map it in
 * readConfig() and add a README row.
 */

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
   * Seconds an empty room waits for a player before it is disposed (and leaves the lobby); 0
   * disposes at once, as the integration tests do so each test starts in a fresh room. @default 10
   */
  emptyRoomGraceSeconds: number;
  /**
   * Filler bots: while a public room has fewer humans than this, server-side bots make up the
   * difference (they leave as humans arrive); 0 turns them off. Unset, each mode's own number
   * (shared/modes.ts: classic 8). @default undefined
   */
  fillerBots?: number;
  /** Spectator seats per room, on top of the player seats. @default 20 */
  maxSpectators: number;
  /** Seconds a dropped player keeps its seat (and orb) while its client reconnects. @default 20 */
  reconnectSeconds: number;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  tickHz: TICK_HZ,
  patchHz: PATCH_HZ,
  matchSeconds: MATCH_SECONDS,
  maxClients: MAX_PLAYERS_PER_ROOM,
  interest: 'view',
  emptyRoomGraceSeconds: 10,
  maxSpectators: 20,
  reconnectSeconds: 20,
};

/** A start-up configuration error: the message names each bad variable, what it expected and got. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** An unset or empty variable counts as unset, so `FOO=` in a .env file means "use the default". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((raw) => (raw === '' ? undefined : raw), schema.optional());

const positiveNumber = (what: string) =>
  z.coerce.number({ error: `expected ${what}` }).refine((n) => Number.isFinite(n) && n > 0, `expected ${what}`);

/** An optional setting that is a positive number of `unit` ('seconds', 'rooms'...), with its meaning. */
const positive = (unit: string, meaning: string) =>
  optional(positiveNumber(`a positive number of ${unit}`)).describe(meaning);

const port = z.coerce.number().int().min(0).max(65_535, 'expected a TCP port 0-65535');

const flag = z.enum(['0', '1'], { error: 'expected 1 (on) or 0 (off)' });

/** Where the process listens and how it runs. */
const SERVER_BLOCK = {
  PORT: optional(port).describe('HTTP + WebSocket port (the built client is served on it too)'),
  HOST: optional(z.string()).describe('interface to listen on'),
  NODE_ENV: optional(z.string()).describe('`production` for JSON logs and no dev tooling'),
  ORB_BENCH: optional(flag).describe('`1` adds `POST /metrics/reset` for the benchmark'),
};

/** The game rules an operator may tune. */
const ROOM_BLOCK = {
  TICK_HZ: positive('steps per second', 'simulation steps per second (clients learn it at join)'),
  PATCH_HZ: positive('patches per second', 'state patches per second'),
  MATCH_SECONDS: positive(
    'seconds',
    "classic's round length (other modes keep their own); a room created with the join option `matchSeconds` uses that instead",
  ),
  ROOM_MAX_CLIENTS: positive(
    'players',
    "caps every mode's player seats (classic 50, blitz 12); quick play opens a new room when every room is full",
  ),
  EMPTY_ROOM_GRACE_SECONDS: positive(
    'seconds',
    'how long an empty room waits for a player before it closes and leaves the lobby',
  ),
  RECONNECT_SECONDS: positive(
    'seconds',
    'how long a dropped player keeps its seat while its client reconnects; its score is kept either way',
  ),
  INTEREST: optional(z.enum(['view', 'all'], { error: 'expected "view" or "all"' })).describe(
    '`all` sends every entity to every client: a benchmark reference, never for production',
  ),
};

const count = (what: string) =>
  z.coerce
    .number({ error: `expected ${what}` })
    .int(`expected ${what}`)
    .min(0, `expected ${what}`);

/** Lobby (issue 9): filler bots and spectator seats. */
const LOBBY_BLOCK = {
  FILLER_BOTS: optional(count('a whole number >= 0')).describe(
    'public rooms with fewer humans than this get server-side bots to make up the difference (0 = none); default per mode (classic 8, blitz 4)',
  ),
  ROOM_MAX_SPECTATORS: optional(count('a whole number >= 0')).describe(
    'spectator seats per room, on top of the player seats (default 20)',
  ),
};

/** Logs (pino). */
const LOG_BLOCK = {
  LOG_LEVEL: optional(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'expected one of fatal, error, warn, info, debug, trace, silent',
    }),
  ).describe('log level; `info` by default, `warn` under the test runner'),
  LOG_FORMAT: optional(z.enum(['json', 'pretty'], { error: 'expected "json" or "pretty"' })).describe(
    '`json` (one object a line) or `pretty` (needs the dev dependency pino-pretty); default: pretty in development on a terminal, json otherwise',
  ),
};

const redisUrl = z.string().refine((raw) => {
  try {
    const url = new URL(raw);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}, 'expected a URL like redis://host:6379 or rediss://user:password@host:6380/0');

/** Several processes, several machines (Colyseus's Redis presence and driver). */
const SCALE_BLOCK = {
  REDIS_URL: optional(redisUrl).describe(
    'Redis shared by every process (presence, matchmaking, listing, leaderboards in sorted sets); unset runs one process with in-memory defaults and the leaderboards in `DATA_DIR/leaderboard.sqlite`',
  ),
  PUBLIC_ADDRESS: optional(
    z
      .string()
      .refine((raw) => /^[^\s/]\S*$/.test(raw) && !raw.includes('://'), 'expected host:port or host/path, no scheme'),
  ).describe(
    'how clients reach this very process (`host:port` or `host/path` behind the proxy); needed with several processes',
  ),
  REDIS_CONNECT_SECONDS: positive(
    'seconds',
    'at start, give up on an unreachable Redis after this long and exit non-zero',
  ),
  STALE_CHECK_SECONDS: positive(
    'seconds',
    'how often each process removes the rooms of dead processes from the shared listing',
  ),
  DRAIN_SECONDS: optional(z.coerce.number({ error: 'expected seconds >= 0' }).min(0, 'expected seconds >= 0')).describe(
    'on SIGTERM, rooms play on until their round ends or this deadline, then players are moved',
  ),
};

/** Operator tools. */
const OPS_BLOCK = {
  MONITOR_USER: optional(z.string().min(1)).describe(
    'user name for the Colyseus monitor at `/monitor` (off when unset)',
  ),
  MONITOR_PASSWORD: optional(z.string().min(8, 'expected at least 8 characters')).describe(
    'password for the monitor; both must be set to mount it',
  ),
  METRICS_PROCESS_LABEL: optional(z.string().min(1)).describe(
    'value of the `process` label on every metric; default PUBLIC_ADDRESS, else host name and port',
  ),
};

/** Where the server keeps what must survive a restart, and how guest tokens are signed. */
const PERSISTENCE_BLOCK = {
  DATA_DIR: optional(z.string()).describe(
    'where the server keeps what survives a restart: the generated token secret and the SQLite leaderboard; default `data/` in the repository (git-ignored)',
  ),
  JWT_SECRET: optional(z.string().min(32, 'expected at least 32 characters')).describe(
    'secret that signs guest tokens; default generated and kept in `DATA_DIR/jwt-secret`; set the same one on every process when scaled out',
  ),
};

/** A comma-separated list ("a, b,c"), blank items dropped. */
const list = z.string().transform((raw) =>
  raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

/** A token-bucket budget written "perSecond,burst", e.g. "40,240". */
const budget = z.string().transform((raw, ctx): Budget => {
  const [perSecond, burst, extra] = raw.split(',').map(Number);
  if (extra === undefined && perSecond! > 0 && burst! >= 1) return { perSecond: perSecond!, burst: burst! };
  ctx.addIssue({ code: 'custom', message: 'expected "perSecond,burst" with perSecond > 0 and burst >= 1' });
  return z.NEVER;
});

/** Abuse limits (issue 7). docs/security.md gives each one's threat; defaults in security/limits.ts. */
const SECURITY_BLOCK = {
  MAX_ROOMS: positive('rooms', 'rooms one process holds; past it quick play only joins and `create` answers 503'),
  ROOMS_PER_ADDRESS_PER_MINUTE: positive('rooms', 'rooms one client address may cause to be created per minute'),
  GUESTS_PER_ADDRESS_PER_MINUTE: positive(
    'sign-ins',
    'guest identities (POST /auth/anonymous) one client address may be issued per minute',
  ),
  WRONG_ROOM_IDS_PER_ADDRESS_PER_MINUTE: positive(
    'joins',
    'joins by room id or private code to rooms that do not exist, per client address per minute',
  ),
  SOCKETS_PER_ADDRESS: positive('sockets', 'open WebSockets per client address'),
  RESERVATIONS_PER_ADDRESS: positive('seats', 'seat reservations per address not yet used by a connection'),
  SEAT_RESERVATION_SECONDS: positive('seconds', 'how long an unused seat reservation holds its seat'),
  JOIN_TIMEOUT_SECONDS: positive('seconds', 'a socket that has not acknowledged its join by then is dropped'),
  OUTBOUND_BUFFER_MAX_BYTES: positive('bytes', 'a client leaving more than this unread in its send buffer...'),
  OUTBOUND_BUFFER_STRIKES: positive('checks', '...for this many checks in a row (one a second) is dropped'),
  BUDGET_INPUT: optional(budget).describe('inputs per socket: "perSecond,burst"'),
  BUDGET_PING: optional(budget).describe('pings per socket: "perSecond,burst"'),
  BUDGET_RENAME: optional(budget).describe('renames per socket: "perSecond,burst"'),
  BUDGET_CHAT: optional(budget).describe('chat messages per socket: "perSecond,burst"'),
  BUDGET_OTHER_MESSAGES: optional(budget).describe('any other message type per socket: "perSecond,burst"'),
  ALLOWED_ORIGINS: optional(list).describe("browser origins allowed besides the page's own (`*`: any)"),
  TRUST_PROXY: optional(list).describe('proxy addresses (or `loopback`) whose X-Forwarded-For names the client'),
  METRICS_ALLOW: optional(list).describe('client addresses that may read /metrics without a token'),
  METRICS_TOKEN: optional(z.string().min(16, 'expected at least 16 characters')).describe(
    'a bearer token that opens /metrics from anywhere',
  ),
};

/** Every variable the server reads, by block. */
export const ENV_SCHEMA = z.object({
  ...SERVER_BLOCK,
  ...ROOM_BLOCK,
  ...LOBBY_BLOCK,
  ...LOG_BLOCK,
  ...SCALE_BLOCK,
  ...OPS_BLOCK,
  ...PERSISTENCE_BLOCK,
  ...SECURITY_BLOCK,
});

type Env = z.infer<typeof ENV_SCHEMA>;

/** Validates the environment; throws one ConfigError listing every bad variable. */
export function parseEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name}: ${issue.message}, got ${JSON.stringify(env[name])}`;
  });
  throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
}

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

/** The whole process configuration, typed and with defaults applied. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const e = parseEnv(env);
  if (Boolean(e.MONITOR_USER) !== Boolean(e.MONITOR_PASSWORD)) {
    throw new ConfigError(
      'invalid configuration:\n  MONITOR_USER and MONITOR_PASSWORD must be set together (or neither)',
    );
  }
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT ?? 2567,
    host: e.HOST ?? '0.0.0.0',
    production,
    settings: {
      tickHz: e.TICK_HZ ?? DEFAULT_SETTINGS.tickHz,
      patchHz: e.PATCH_HZ ?? DEFAULT_SETTINGS.patchHz,
      matchSeconds: e.MATCH_SECONDS ?? DEFAULT_SETTINGS.matchSeconds,
      maxClients: e.ROOM_MAX_CLIENTS ?? DEFAULT_SETTINGS.maxClients,
      interest: e.INTEREST ?? DEFAULT_SETTINGS.interest,
      emptyRoomGraceSeconds: e.EMPTY_ROOM_GRACE_SECONDS ?? DEFAULT_SETTINGS.emptyRoomGraceSeconds,
      fillerBots: e.FILLER_BOTS,
      maxSpectators: e.ROOM_MAX_SPECTATORS ?? DEFAULT_SETTINGS.maxSpectators,
      reconnectSeconds: e.RECONNECT_SECONDS ?? DEFAULT_SETTINGS.reconnectSeconds,
    } satisfies ServerSettings,
    /** Lets the benchmark reset the metrics window (POST /metrics/reset). Off in production. */
    benchMode: e.ORB_BENCH === '1',
    log: {
      level: e.LOG_LEVEL ?? (env.VITEST ? 'warn' : 'info'),
      pretty: e.LOG_FORMAT ? e.LOG_FORMAT === 'pretty' : !production && process.stdout.isTTY === true,
    },
    scale: {
      redisUrl: e.REDIS_URL,
      publicAddress: e.PUBLIC_ADDRESS,
      redisConnectSeconds: e.REDIS_CONNECT_SECONDS ?? 8,
      drainSeconds: e.DRAIN_SECONDS ?? 60,
      staleCheckSeconds: e.STALE_CHECK_SECONDS ?? 5,
    },
    monitor: e.MONITOR_USER && e.MONITOR_PASSWORD ? { user: e.MONITOR_USER, password: e.MONITOR_PASSWORD } : undefined,
    metricsProcessLabel: e.METRICS_PROCESS_LABEL ?? e.PUBLIC_ADDRESS,
    persistence: {
      dataDir: e.DATA_DIR ?? DEFAULT_DATA_DIR,
      jwtSecret: e.JWT_SECRET,
      redisUrl: e.REDIS_URL,
      production,
    } satisfies PersistenceConfig,
    security: securityLimits(e),
  };
}

/** The abuse limits from the parsed environment, defaults from DEFAULT_SECURITY_LIMITS. */
function securityLimits(e: Env): SecurityLimits {
  const d = DEFAULT_SECURITY_LIMITS;
  return {
    ...d,
    maxRooms: e.MAX_ROOMS ?? d.maxRooms,
    roomsPerAddressPerMinute: e.ROOMS_PER_ADDRESS_PER_MINUTE ?? d.roomsPerAddressPerMinute,
    guestsPerAddressPerMinute: e.GUESTS_PER_ADDRESS_PER_MINUTE ?? d.guestsPerAddressPerMinute,
    wrongRoomIdsPerAddressPerMinute: e.WRONG_ROOM_IDS_PER_ADDRESS_PER_MINUTE ?? d.wrongRoomIdsPerAddressPerMinute,
    socketsPerAddress: e.SOCKETS_PER_ADDRESS ?? d.socketsPerAddress,
    reservationsPerAddress: e.RESERVATIONS_PER_ADDRESS ?? d.reservationsPerAddress,
    seatReservationSeconds: e.SEAT_RESERVATION_SECONDS ?? d.seatReservationSeconds,
    joinTimeoutMs: (e.JOIN_TIMEOUT_SECONDS ?? d.joinTimeoutMs / 1000) * 1000,
    outboundBufferBytes: e.OUTBOUND_BUFFER_MAX_BYTES ?? d.outboundBufferBytes,
    outboundStrikes: e.OUTBOUND_BUFFER_STRIKES ?? d.outboundStrikes,
    budgets: {
      input: e.BUDGET_INPUT ?? d.budgets.input,
      ping: e.BUDGET_PING ?? d.budgets.ping,
      rename: e.BUDGET_RENAME ?? d.budgets.rename,
      chat: e.BUDGET_CHAT ?? d.budgets.chat,
      camera: d.budgets.camera,
      message: e.BUDGET_OTHER_MESSAGES ?? d.budgets.message,
    },
    allowedOrigins: e.ALLOWED_ORIGINS ?? d.allowedOrigins,
    trustedProxies: e.TRUST_PROXY ?? d.trustedProxies,
    metricsAllow: e.METRICS_ALLOW ?? d.metricsAllow,
    metricsToken: e.METRICS_TOKEN,
  };
}

/** The configuration readConfig() returns. */
export type Config = ReturnType<typeof readConfig>;
