import net from 'node:net';

/*
 * The lag proxy's conditions and rules, apart from its sockets: errors, options, the release-time
 * rule that keeps delivery in order, and the loopback-only guard.
 */

/** Failure families of the lag proxy. Local because they never cross the game's wire. */
export const LagProxyErrorCode = {
  /** A listen or target address outside 127.0.0.0/8 and ::1. */
  NonLoopbackAddress: 'NON_LOOPBACK_ADDRESS',
  /** A number option out of range (negative delay, bad port, ...). */
  InvalidOption: 'INVALID_OPTION',
  /** The listen address could not be bound (port in use, ...). */
  ListenFailed: 'LISTEN_FAILED',
} as const;
export type LagProxyErrorCode = (typeof LagProxyErrorCode)[keyof typeof LagProxyErrorCode];

export class LagProxyError extends Error {
  override name = 'LagProxyError';
  constructor(
    readonly code: LagProxyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const DEFAULT_TARGET_HOST = '127.0.0.1';
export const DEFAULT_TARGET_PORT = 2567;

/**
 * Bytes queued in one direction of one connection before the proxy stops reading the sender, so
 * TCP flow control pushes back on it instead of the proxy buffering without bound. 1 MiB holds
 * ~0.1 s at 10 MB/s, far more than a game's in-flight data.
 */
export const QUEUE_HIGH_WATER_BYTES = 1 << 20;

/** Network conditions; each connection's two directions are delayed independently. */
export interface LagConditions {
  /** Round trip added by the proxy, ms: each direction is delayed by rttMs / 2. */
  rttMs: number;
  /** Jitter, ms: each chunk's one-way delay moves by a uniform amount in [-jitterMs/2, +jitterMs/2], floored at 0. */
  jitterMs: number;
  /** Cap per direction per connection, bytes/s; each chunk waits its serialization time. @default undefined (no cap) */
  bandwidthBytesPerSecond?: number;
}

export interface LagProxyOptions extends LagConditions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  listenPort?: number;
  /** Loopback address to listen on. @default '127.0.0.1' */
  listenHost?: string;
  /** Loopback address to forward to. @default '127.0.0.1' */
  targetHost?: string;
  targetPort: number;
  /** Seed of the jitter generator (mulberry32). @default 1 */
  seed?: number;
  /** Called with each connection failure (refused target, reset); the pair is closed, the proxy goes on. */
  onConnectionError?: (error: Error) => void;
}

export interface DirectionStats {
  bytes: number;
  chunks: number;
  /** Longest time a chunk waited in the proxy (delay, jitter, bandwidth and ordering), ms. */
  maxQueuedDelayMs: number;
  /** Most bytes ever waiting in one connection's queue for this direction. */
  maxQueuedBytes: number;
}

export interface LagProxyStats {
  clientToTarget: DirectionStats;
  targetToClient: DirectionStats;
  connectionsOpened: number;
  connectionsActive: number;
  connectionErrors: number;
}

export interface LagProxy {
  port: number;
  host: string;
  /** Stops listening and destroys every open connection, dropping queued data. */
  close: () => Promise<void>;
  /** Replaces the conditions for chunks arriving from now on; queued chunks keep their release times. */
  setConditions: (conditions: LagConditions) => void;
  stats: () => LagProxyStats;
}

/** Where a direction's last chunk stands; release times only move forward. */
export interface LinkTimeline {
  /** When the last chunk finished serializing onto the capped link, ms. */
  serializedAt: number;
  /** When the last chunk was (or will be) released to the receiver, ms. */
  releasedAt: number;
}

/**
 * Plans one chunk: serializedAt = max(arrival, previous serializedAt) + bytes / bandwidth, then
 * releaseAt = max(serializedAt + rttMs/2 + jitter, previous releasedAt), so no chunk overtakes an
 * earlier one. `random` is in [0, 1). Pure; times in ms.
 */
export function planRelease(input: {
  arrivalMs: number;
  bytes: number;
  conditions: LagConditions;
  previous: LinkTimeline;
  random: number;
}): LinkTimeline {
  const { arrivalMs, bytes, conditions, previous, random } = input;
  const bandwidth = conditions.bandwidthBytesPerSecond;
  const serializationMs = bandwidth === undefined ? 0 : (bytes / bandwidth) * 1000;
  const serializedAt =
    bandwidth === undefined ? arrivalMs : Math.max(arrivalMs, previous.serializedAt) + serializationMs;
  const oneWayMs = Math.max(0, conditions.rttMs / 2 + (random - 0.5) * conditions.jitterMs);
  return { serializedAt, releasedAt: Math.max(serializedAt + oneWayMs, previous.releasedAt) };
}

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** True for IP literals in 127.0.0.0/8 or ::1 (IPv4-mapped forms included). */
export function isLoopbackAddress(host: string): boolean {
  const family = net.isIP(host);
  return family !== 0 && LOOPBACK.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/** Returns a loopback IP literal for `host` ('localhost' becomes 127.0.0.1) or throws LagProxyError. */
export function requireLoopbackHost(host: string, where: string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return '127.0.0.1';
  if (isLoopbackAddress(bare)) return bare;
  throw new LagProxyError(
    LagProxyErrorCode.NonLoopbackAddress,
    `${where} must be a loopback address (127.0.0.0/8 or ::1): this project only sends test traffic to loopback, got "${host}"`,
  );
}

export function requireNumber(value: number, check: { name: string; min: number; integer?: boolean }): void {
  const isValid = Number.isFinite(value) && value >= check.min && (!check.integer || Number.isInteger(value));
  if (isValid) return;
  const kind = check.integer ? 'an integer' : 'a finite number';
  throw new LagProxyError(
    LagProxyErrorCode.InvalidOption,
    `${check.name} must be ${kind} >= ${check.min}, got ${String(value)} (lag proxy options)`,
  );
}

export function validateConditions(conditions: LagConditions): LagConditions {
  requireNumber(conditions.rttMs, { name: 'rttMs', min: 0 });
  requireNumber(conditions.jitterMs, { name: 'jitterMs', min: 0 });
  const bandwidth = conditions.bandwidthBytesPerSecond;
  if (bandwidth !== undefined) requireNumber(bandwidth, { name: 'bandwidthBytesPerSecond', min: 1 });
  return { rttMs: conditions.rttMs, jitterMs: conditions.jitterMs, bandwidthBytesPerSecond: bandwidth };
}
