import { MATCH_SECONDS, MAX_PLAYERS_PER_ROOM, PATCH_HZ, TICK_HZ } from '@orb-arena/shared';
import { DEFAULT_SECURITY_LIMITS, type Budget, type SecurityLimits } from './security/limits.ts';

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
}

export const DEFAULT_SETTINGS: ServerSettings = {
  tickHz: TICK_HZ,
  patchHz: PATCH_HZ,
  matchSeconds: MATCH_SECONDS,
  maxClients: MAX_PLAYERS_PER_ROOM,
  interest: 'view',
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
    } satisfies ServerSettings,
    /** Lets the benchmark reset the metrics window (POST /metrics/reset). Off in production. */
    benchMode: env.ORB_BENCH === '1',
    security: readSecurityLimits(env),
  };
}

// --- Abuse limits (issue 7; docs/security.md says what each one answers) ---

/** A comma-separated list, or the fallback when unset. */
function readList(env: NodeJS.ProcessEnv, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** A budget written "perSecond,burst" (for example "40,240"). */
function readBudget(env: NodeJS.ProcessEnv, name: string, fallback: Budget): Budget {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const [perSecond, burst, extra] = raw.split(',').map(Number);
  if (extra !== undefined || !(perSecond! > 0) || !(burst! >= 1)) {
    throw new Error(`${name} must be "perSecond,burst" with perSecond > 0 and burst >= 1, got "${raw}"`);
  }
  return { perSecond: perSecond!, burst: burst! };
}

/** The abuse limits from the environment; every one has a safe default (DEFAULT_SECURITY_LIMITS). */
export function readSecurityLimits(env: NodeJS.ProcessEnv = process.env): SecurityLimits {
  const d = DEFAULT_SECURITY_LIMITS;
  return {
    maxRooms: readNumber(env, 'MAX_ROOMS', d.maxRooms),
    roomsPerAddressPerMinute: readNumber(env, 'ROOMS_PER_ADDRESS_PER_MINUTE', d.roomsPerAddressPerMinute),
    socketsPerAddress: readNumber(env, 'SOCKETS_PER_ADDRESS', d.socketsPerAddress),
    reservationsPerAddress: readNumber(env, 'RESERVATIONS_PER_ADDRESS', d.reservationsPerAddress),
    seatReservationSeconds: readNumber(env, 'SEAT_RESERVATION_SECONDS', d.seatReservationSeconds),
    joinTimeoutMs: readNumber(env, 'JOIN_TIMEOUT_SECONDS', d.joinTimeoutMs / 1000) * 1000,
    outboundBufferBytes: readNumber(env, 'OUTBOUND_BUFFER_MAX_BYTES', d.outboundBufferBytes),
    outboundStrikes: readNumber(env, 'OUTBOUND_BUFFER_STRIKES', d.outboundStrikes),
    budgets: {
      input: readBudget(env, 'BUDGET_INPUT', d.budgets.input),
      ping: readBudget(env, 'BUDGET_PING', d.budgets.ping),
      rename: readBudget(env, 'BUDGET_RENAME', d.budgets.rename),
      chat: readBudget(env, 'BUDGET_CHAT', d.budgets.chat),
      message: readBudget(env, 'BUDGET_OTHER_MESSAGES', d.budgets.message),
    },
    messageBytes: d.messageBytes,
    allowedOrigins: readList(env, 'ALLOWED_ORIGINS', d.allowedOrigins),
    trustedProxies: readList(env, 'TRUST_PROXY', d.trustedProxies),
    metricsAllow: readList(env, 'METRICS_ALLOW', d.metricsAllow),
    metricsToken: env.METRICS_TOKEN || undefined,
    kickLogWindowMs: d.kickLogWindowMs,
  };
}
