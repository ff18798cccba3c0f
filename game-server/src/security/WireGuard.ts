import { CloseCode, matchMaker, type Room } from '@colyseus/core';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { metrics } from '../metrics.ts';
import type { AddressResolver } from './addresses.ts';
import { checkFrame, type FrameContext, type FrameKind } from './frameRules.ts';
import type { KickLog } from './KickLog.ts';
import { KeyedCount, TokenBucket, type Budget, type SecurityLimits } from './limits.ts';
import { messageTypesOf, recordMessageTypes } from './messageTypes.ts';
import type { OriginPolicy } from './origins.ts';

/** Sockets dropped by the guard, with the reason: the room frees their seat at once (see kickReasonOf). */
const kicked = new WeakMap<object, string>();

/** Each guarded socket's guard and record, so a room can drop a client through the guard. */
const guardOf = new WeakMap<object, { guard: WireGuard; guarded: Guarded }>();

/**
 * Drops the client on `socket` (a Colyseus client's `ref`) for `reason`, as the wire guard does: one
 * folded log line with session and address, counted, closed with 4002, seat freed at once. Returns
 * false for a socket the guard does not know (then the caller closes it its own way).
 */
export function kickSocket(socket: unknown, reason: string, detail: string): boolean {
  const entry = typeof socket === 'object' && socket !== null ? guardOf.get(socket) : undefined;
  entry?.guard.kick(entry.guarded, reason, detail);
  return entry !== undefined;
}

/** Why the guard dropped this socket, or undefined; rooms skip the reconnection window for it. */
export function kickReasonOf(socket: unknown): string | undefined {
  return typeof socket === 'object' && socket !== null ? kicked.get(socket) : undefined;
}

/** A kicked socket that does not finish the closing handshake is cut after this, ms. */
const CLOSE_GRACE_MS = 1000;
/** How often outbound buffers are checked, ms. */
const BUFFER_CHECK_MS = 1000;

export interface WireGuardOptions {
  limits: SecurityLimits;
  addresses: AddressResolver;
  origins: OriginPolicy;
  kickLog: KickLog;
  /** Called when a socket arrives for a reserved seat (the reservation is used). */
  onSeatUsed?: (sessionId: string) => void;
}

/** One guarded socket's state. */
interface Guarded {
  socket: WebSocket;
  session: string;
  address: string;
  context: FrameContext;
  budgets: Map<FrameKind, TokenBucket>;
  /** The input kind's bucket, also in `budgets`: the one taken 15 times a second, kept at hand. */
  inputBudget?: TokenBucket;
  /** The nonce of the ping awaiting its pong (see nonceHeartbeat). */
  nonce?: Buffer;
  /** Set when the guard dropped the socket: no frame of it reaches Colyseus after that. */
  kicked: boolean;
  /** Set once the read that got the socket kicked is over (see cut). */
  closing?: boolean;
  joinTimer?: NodeJS.Timeout;
  strikes: number;
}

/**
 * The wire guard: refuses upgrades from foreign origins or from an address with too many sockets,
 * then checks every inbound frame (frameRules.ts) and its kind's budget before Colyseus sees it,
 * drops a client that has not acknowledged its join in time, and one that leaves too much unread.
 * A drop closes with 4002 and marks the socket so the room frees the seat at once.
 */
export class WireGuard {
  private readonly sockets = new KeyedCount();
  private readonly guarded = new Set<Guarded>();
  private bufferTimer?: NodeJS.Timeout;

  constructor(private readonly options: WireGuardOptions) {
    recordMessageTypes();
  }

  /** ws `verifyClient`: origin and per-address socket limit, before the handshake completes. */
  verifyClient = (info: { req: IncomingMessage }, done: (ok: boolean, code?: number, message?: string) => void) => {
    const address = this.options.addresses.resolve(info.req);
    if (!this.options.origins.allows(info.req)) {
      metrics.countRefusal('origin');
      this.options.kickLog.record({ session: '-', address, reason: 'origin', detail: info.req.headers.origin });
      return done(false, 403, 'origin not allowed');
    }
    if (this.sockets.get(address) >= this.options.limits.socketsPerAddress) {
      metrics.countRefusal('sockets-per-address');
      this.options.kickLog.record({ session: '-', address, reason: 'sockets-per-address' });
      return done(false, 429, 'too many connections from this address');
    }
    done(true);
  };

  /** Guards a socket that just connected: call before any frame can arrive (ws 'connection'). */
  attach(socket: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'ws://server');
    const session = url.searchParams.get('sessionId') ?? '-';
    const roomId = /\/[\w-]+\/([\w-]+)$/.exec(url.pathname)?.[1];
    const room = roomId ? matchMaker.getLocalRoomById(roomId) : undefined;
    const guarded: Guarded = {
      socket,
      session,
      address: this.options.addresses.resolve(req),
      context: this.contextFor(room),
      budgets: new Map(),
      kicked: false,
      strikes: 0,
    };
    // Only a socket into the room that holds the seat uses it: one into another room (or none) would
    // stop the reservation counting against its address while Colyseus still holds the seat.
    if (session !== '-' && room?.hasReservedSeat(session, url.searchParams.get('reconnectionToken') ?? undefined))
      this.options.onSeatUsed?.(session);
    if (!guarded.context.joined) {
      guarded.joinTimer = setTimeout(
        () => this.kick(guarded, 'join-timeout', 'no join ack'),
        this.options.limits.joinTimeoutMs,
      );
    }
    this.sockets.add(guarded.address, 1);
    this.guarded.add(guarded);
    guardOf.set(socket, { guard: this, guarded });
    socket.once('close', () => {
      clearTimeout(guarded.joinTimer);
      this.sockets.add(guarded.address, -1);
      this.guarded.delete(guarded);
    });
    this.interceptEvents(guarded);
    this.nonceHeartbeat(guarded);
  }

  /** Starts the outbound buffer checks; stop() ends them. */
  start(): void {
    this.bufferTimer ??= setInterval(() => this.checkBuffers(), BUFFER_CHECK_MS);
    this.bufferTimer.unref();
  }

  stop(): void {
    clearInterval(this.bufferTimer);
    this.bufferTimer = undefined;
  }

  /**
   * Frames reach Colyseus's listeners only through this: a refused one, or any after a kick, never does;
   * a pong counts only when it echoes the nonce of the last ping (nonceHeartbeat). One hook with fixed
   * parameters, not a rest array, since it runs for every frame of every client.
   */
  private interceptEvents(guarded: Guarded): void {
    const socket = guarded.socket;
    const emit = socket.emit.bind(socket);
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- `arguments` needs a function, not an arrow
    const guard = this;
    socket.emit = function guardedEmit(event: string | symbol, first?: unknown, second?: unknown) {
      if (event === 'message') {
        if (guarded.kicked) return guard.cut(guarded);
        if (!guard.admit(guarded, first as RawData, second === true)) return false;
        return emit(event, first, second);
      }
      if (event === 'pong') {
        if (!guard.admitControl(guarded, event)) return false;
        if (!guarded.nonce || !guarded.nonce.equals(first as Buffer)) return false;
        guarded.nonce = undefined;
      } else if (event === 'ping') {
        // ws has answered it already; a flood of them stops here (ws alone cut it only at 60 unanswered).
        if (!guard.admitControl(guarded, event)) return false;
      } else if (event === 'error') {
        // ws refused the frame itself (too large: 1009, malformed: 1002) and closes the socket; log
        // it as a kick instead of the stack trace Colyseus would print for every such frame.
        const error = first as Error & { code?: string };
        guard.markKicked(guarded, 'ws-protocol', error.code ?? error.message);
        return false;
      }
      // Any other event, with however many arguments it has (apply with `arguments` copies nothing).
      // eslint-disable-next-line prefer-rest-params, prefer-spread
      return emit.apply(undefined, arguments as unknown as Parameters<typeof emit>);
    } as typeof socket.emit;
  }

  /**
   * Colyseus's heartbeat counts any pong, so a client that never reads could keep itself alive with
   * unsolicited pongs while the server buffers everything sent to it. Each ping carries a fresh
   * nonce and only a pong echoing it counts (interceptEvents): answering means reading.
   */
  private nonceHeartbeat(guarded: Guarded): void {
    const socket = guarded.socket;
    // Colyseus terminates a socket only when it missed its pongs: count and log those drops too.
    const terminate = socket.terminate.bind(socket);
    socket.terminate = () => {
      if (!guarded.kicked && socket.readyState === socket.OPEN) {
        metrics.countKick('heartbeat');
        this.options.kickLog.record({ session: guarded.session, address: guarded.address, reason: 'heartbeat' });
      }
      terminate();
    };
    const ping = socket.ping.bind(socket);
    socket.ping = ((...args: unknown[]) => {
      guarded.nonce = randomBytes(8);
      ping(
        guarded.nonce,
        undefined,
        args.find((arg) => typeof arg === 'function') as ((error?: Error) => void) | undefined,
      );
    }) as typeof socket.ping;
  }

  private admit(guarded: Guarded, data: RawData, isBinary: boolean): boolean {
    const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const verdict = checkFrame(frame, isBinary, guarded.context);
    if (!verdict.ok) {
      // Also a rejected message, in the labels the room's own handlers use for an unknown type.
      if (verdict.reason === 'unknown-message-type') metrics.countRejected('unknown', 'unknown_type');
      else metrics.countRejected('frame', verdict.reason);
      this.kick(guarded, verdict.reason, verdict.detail);
      return false;
    }
    if (!this.budgetFor(guarded, verdict.kind).take(performance.now())) {
      this.kick(guarded, 'budget', `${verdict.kind} over its budget`);
      return false;
    }
    if (verdict.kind === 'join') {
      guarded.context.joined = true;
      clearTimeout(guarded.joinTimer);
    }
    return true;
  }

  /**
   * WebSocket ping and pong frames never reach the frame rules, and a refused pong costs its sender
   * nothing: without a budget, one socket's stream of pongs kept the server's core busy for good.
   */
  private admitControl(guarded: Guarded, event: 'ping' | 'pong'): boolean {
    if (guarded.kicked) return this.cut(guarded);
    if (this.budgetFor(guarded, 'control').take(performance.now())) return true;
    this.kick(guarded, 'budget', `${event} frames over their budget`);
    return false;
  }

  private budgetFor(guarded: Guarded, kind: FrameKind): TokenBucket {
    if (kind === 'input' && guarded.inputBudget) return guarded.inputBudget;
    let bucket = guarded.budgets.get(kind);
    if (!bucket) guarded.budgets.set(kind, (bucket = new TokenBucket(this.budgetOf(kind), performance.now())));
    if (kind === 'input') guarded.inputBudget = bucket;
    return bucket;
  }

  private budgetOf(kind: FrameKind): Budget {
    const budgets = this.options.limits.budgets;
    if (kind === 'input' || kind === 'ping') return budgets[kind];
    if (kind === 'control') return budgets.ping;
    if (kind === 'join' || kind === 'leave') return { perSecond: 0, burst: 1 };
    const type = kind.slice('message:'.length);
    return type === 'rename' || type === 'chat' || type === 'camera' ? budgets[type] : budgets.message;
  }

  /** What the rules may accept on this socket: the room's own message types, and input batches. */
  private contextFor(room: Room | undefined): FrameContext {
    if (!room) return { joined: true, messageTypes: new Map(), inputs: false }; // roomless probe: ping only
    const bytes = this.options.limits.messageBytes;
    const messageTypes = new Map(
      [...messageTypesOf(room)].map(
        (type) => [type, type === 'rename' || type === 'chat' ? bytes[type] : bytes.default] as const,
      ),
    );
    return { joined: false, messageTypes, inputs: true };
  }

  private checkBuffers(): void {
    const { outboundBufferBytes, outboundStrikes } = this.options.limits;
    for (const guarded of this.guarded) {
      guarded.strikes = guarded.socket.bufferedAmount > outboundBufferBytes ? guarded.strikes + 1 : 0;
      if (guarded.strikes >= outboundStrikes) {
        this.kick(guarded, 'slow-reader', `${guarded.socket.bufferedAmount} bytes unread`);
      }
    }
  }

  private markKicked(guarded: Guarded, reason: string, detail: string): boolean {
    if (guarded.kicked) return false;
    guarded.kicked = true;
    queueMicrotask(() => (guarded.closing = true)); // after the frames of this read (see cut)
    kicked.set(guarded.socket, reason);
    metrics.countKick(reason);
    this.options.kickLog.record({ session: guarded.session, address: guarded.address, reason, detail });
    return true;
  }

  /**
   * A frame from a kicked client: dropped. One read after the kick stops the reading: until the cut
   * each frame would be read only to be thrown away, and a flooder reconnecting after every kick kept
   * the server reading for good. (Frames read with the refused one do not, so a client that sent a
   * frame or two more still reads the close frame and answers it, and closes at once.)
   */
  private cut(guarded: Guarded): false {
    if (guarded.closing) guarded.socket.pause();
    return false;
  }

  /** Drops a guarded client (see kickSocket). */
  kick(guarded: Guarded, reason: string, detail: string): void {
    if (!this.markKicked(guarded, reason, detail)) return;
    guarded.socket.close(CloseCode.WITH_ERROR, reason);
    setTimeout(() => guarded.socket.terminate(), CLOSE_GRACE_MS).unref();
  }
}
