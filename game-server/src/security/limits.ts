/*
 * Every abuse limit, with its default. docs/security.md lists each with the threat it answers;
 * config.ts reads them from the environment (readSecurityLimits).
 */

/** A token bucket's shape: `perSecond` refill, up to `burst` saved up. */
export interface Budget {
  perSecond: number;
  burst: number;
}

export interface SecurityLimits {
  /** Rooms one process holds; past it quick play only joins and custom rooms are refused. @default 200 */
  maxRooms: number;
  /** Rooms one address may cause to be created per minute. @default 10 */
  roomsPerAddressPerMinute: number;
  /** Guest identities (POST /auth/anonymous) one address may be issued per minute. @default 30 */
  guestsPerAddressPerMinute: number;
  /**
   * Joins by room id (a private room's code, a spectate link) to rooms that do not exist, per address
   * per minute. @default 20
   */
  wrongRoomIdsPerAddressPerMinute: number;
  /** Open WebSockets per address. @default 64 */
  socketsPerAddress: number;
  /** Seat reservations per address not yet used by a connection. @default 8 */
  reservationsPerAddress: number;
  /** Seconds an unused seat reservation holds its seat. @default 5 */
  seatReservationSeconds: number;
  /** A socket that has not acknowledged its join within this is dropped, ms. @default 10000 */
  joinTimeoutMs: number;
  /** Bytes a client may leave unread in the server's send buffer... @default 1 MiB */
  outboundBufferBytes: number;
  /** ...for this many checks in a row (one a second) before it is dropped. @default 3 */
  outboundStrikes: number;
  /** Per-socket message budgets, by frame kind; message types without an entry use `message`. */
  budgets: {
    input: Budget;
    ping: Budget;
    rename: Budget;
    chat: Budget;
    /** A spectator's camera moves (issue 9): up to 10 a second while it pans. */
    camera: Budget;
    message: Budget;
  };
  /** Largest ROOM_DATA frame per message type, bytes; others use `default`. */
  messageBytes: { rename: number; chat: number; default: number };
  /** Origins allowed besides the page's own ("*" allows any). @default [] */
  allowedOrigins: string[];
  /** Proxy addresses whose X-Forwarded-For is believed ("loopback" for 127.0.0.1 and ::1). @default [] */
  trustedProxies: string[];
  /** Client addresses that may read /metrics without a token. @default ['127.0.0.1', '::1'] */
  metricsAllow: string[];
  /** A bearer token that also opens /metrics, from anywhere. @default undefined */
  metricsToken?: string;
  /** A repeated kick log line (same address and reason) is folded into a count for this long, ms. @default 10000 */
  kickLogWindowMs: number;
}

export const DEFAULT_SECURITY_LIMITS: SecurityLimits = {
  maxRooms: 200,
  roomsPerAddressPerMinute: 10,
  // A browser signs in once and keeps its token; 30 a minute leaves room for a school or cafe behind
  // one address, and stops a script minting identities to fill the global leaderboard.
  guestsPerAddressPerMinute: 30,
  // A mistyped code is retyped a few times; a guesser tries thousands a second (887 million codes).
  wrongRoomIdsPerAddressPerMinute: 20,
  // A player holds one socket (two for a moment, when the lobby's or the leaderboard's is still open).
  // A school, an office or a mobile carrier's NAT puts many players behind one address: 16 seated 15.
  socketsPerAddress: 64,
  reservationsPerAddress: 8,
  seatReservationSeconds: 5,
  joinTimeoutMs: 10_000,
  outboundBufferBytes: 1024 * 1024,
  outboundStrikes: 3,
  budgets: {
    // Input messages: 15/s from an honest client (two new inputs each, InputGate applies them one a
    // tick); a stalled network delivers up to ~7 s of them at once.
    input: { perSecond: 20, burst: 120 },
    ping: { perSecond: 2, burst: 10 },
    rename: { perSecond: 0.5, burst: 3 },
    // Looser than the room's own chat budget (CHAT_BURST lines, one per CHAT_REFILL_MS), which refuses
    // politely: an eager typist is told to slow down, only a flood far past it loses the socket.
    chat: { perSecond: 2, burst: 20 },
    camera: { perSecond: 12, burst: 24 },
    message: { perSecond: 1, burst: 5 },
  },
  messageBytes: { rename: 128, chat: 512, default: 256 },
  allowedOrigins: [],
  trustedProxies: [],
  metricsAllow: ['127.0.0.1', '::1'],
  kickLogWindowMs: 10_000,
};

/** A token bucket: take() spends one token, refilled continuously at `perSecond` up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly budget: Budget,
    now: number,
  ) {
    this.tokens = budget.burst;
    this.updatedAt = now;
  }

  /** Spends one token at time `now` (ms); false when the budget is spent. */
  take(now: number): boolean {
    this.tokens = Math.min(this.budget.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.budget.perSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Counts per key (an address) that go up and down, forgetting keys at zero. */
export class KeyedCount {
  private readonly counts = new Map<string, number>();

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: string, delta: number): void {
    const next = this.get(key) + delta;
    if (next <= 0) this.counts.delete(key);
    else this.counts.set(key, next);
  }
}

/** Events per key within a sliding window (timestamps kept per key, pruned as they age out). */
export class KeyedWindow {
  private readonly events = new Map<string, number[]>();

  constructor(private readonly windowMs: number) {}

  /** Events for `key` in the window ending at `now`. */
  count(key: string, now: number): number {
    const list = this.events.get(key);
    if (!list) return 0;
    while (list.length > 0 && list[0]! <= now - this.windowMs) list.shift();
    if (list.length === 0) this.events.delete(key);
    return list.length;
  }

  record(key: string, now: number): void {
    const list = this.events.get(key);
    if (list) list.push(now);
    else this.events.set(key, [now]);
  }
}
