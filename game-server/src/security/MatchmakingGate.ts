import { ErrorCode, ServerError, matchMaker, type AuthContext } from '@colyseus/core';
import { MatchmakeRefusal, SPECTATE_METHOD } from '@orb-arena/shared';
import { metrics } from '../metrics.ts';
import { defaultRoundLength, parseJoinRequest } from './joinRequest.ts';
import type { KickLog } from './KickLog.ts';
import { KeyedCount, KeyedWindow, type SecurityLimits } from './limits.ts';

/** Colyseus's controller.invokeMethod: (method, roomName, clientOptions, authContext) → seat reservation. */
export type MatchmakingCall = [method: string, roomName: string, clientOptions?: unknown, authContext?: AuthContext];
export type InvokeMethod = (...call: MatchmakingCall) => Promise<{ sessionId: string }>;

const { TooMany: TOO_MANY, Full: FULL } = MatchmakeRefusal;
const MINUTE_MS = 60_000;

/** A seat reserved over HTTP and not yet claimed by a WebSocket. */
interface Reservation {
  address: string;
  timer: NodeJS.Timeout;
}

/**
 * Matchmaking rules that hold before Colyseus creates a room or reserves a seat: options are
 * validated and rebuilt (parseJoinRequest), each address has a budget of room creations per minute
 * and of unused seat reservations, and the process a ceiling of rooms. Runs inside
 * `matchMaker.controller.invokeMethod` for requests that came through this server's HttpGate.
 */
export class MatchmakingGate {
  private readonly pending = new Map<string, Reservation>();
  private readonly pendingByAddress = new KeyedCount();
  private readonly creations = new KeyedWindow(MINUTE_MS);
  private readonly wrongRoomIds = new KeyedWindow(MINUTE_MS);

  constructor(
    private readonly limits: SecurityLimits,
    /** The operator's MATCH_SECONDS (the default mode's round length). */
    private readonly operatorMatchSeconds: number,
    private readonly kickLog: KickLog,
  ) {}

  /** Runs one matchmaking call for `address` through the rules, then `invoke` (Colyseus's own). */
  async invoke(invoke: InvokeMethod, call: MatchmakingCall, address: string): ReturnType<InvokeMethod> {
    const [method, roomName, clientOptions, authContext] = call;
    if (method === 'reconnect') return invoke(method, roomName, clientOptions, authContext);
    const options = this.parseOptions(call, address);
    if (this.pendingByAddress.get(address) >= this.limits.reservationsPerAddress) {
      this.refuse('reservations-per-address', address, [
        TOO_MANY,
        'too many unused seat reservations from this address',
      ]);
    }
    if (
      method === 'create' ||
      (method === 'joinOrCreate' &&
        !(await matchMaker.findOneRoomAvailable(roomName, options as matchMaker.ClientOptions)))
    ) {
      this.admitCreation(address);
    }
    const reservation = isById(method)
      ? await this.invokeById(address, () => invoke(method, roomName, options, authContext))
      : await invoke(method, roomName, options, authContext);
    this.reserve(reservation.sessionId, address);
    return reservation;
  }

  /**
   * A join by room id (joinById, spectate): refused once the address asked for too many rooms that do
   * not exist this minute, which is what guessing private room codes looks like.
   */
  private async invokeById(address: string, invoke: () => ReturnType<InvokeMethod>): ReturnType<InvokeMethod> {
    if (this.wrongRoomIds.count(address, Date.now()) >= this.limits.wrongRoomIdsPerAddressPerMinute) {
      const message = 'too many joins to rooms that do not exist from this address; try again in a minute';
      this.refuse('wrong-room-ids', address, [TOO_MANY, message]);
    }
    try {
      return await invoke();
    } catch (error) {
      // Colyseus answers INVALID_ROOM_ID for a locked or closing room too: only a missing one counts.
      const { code, message } = error as { code?: number; message?: string };
      if (code === ErrorCode.MATCHMAKE_INVALID_ROOM_ID && /not found/.test(message ?? '')) {
        this.wrongRoomIds.record(address, Date.now());
      }
      throw error;
    }
  }

  /** A WebSocket arrived for this seat: it no longer counts against its address. */
  seatUsed(sessionId: string): void {
    const reservation = this.pending.get(sessionId);
    if (!reservation) return;
    clearTimeout(reservation.timer);
    this.release(sessionId, reservation);
  }

  /**
   * Game rooms' options are validated and rebuilt; joinById (whose "room name" is a room id) gets
   * its options validated without a round length; other room types (the lobby) pass unchanged.
   */
  private parseOptions([method, roomName, clientOptions]: MatchmakingCall, address: string): unknown {
    const roundLength = defaultRoundLength(roomName, this.operatorMatchSeconds);
    if (roundLength === undefined && method !== 'joinById') return clientOptions ?? {};
    try {
      return parseJoinRequest(clientOptions, roundLength);
    } catch (error) {
      metrics.countRefusal('join-options');
      this.kickLog.record({ session: '-', address, reason: 'join-options', detail: (error as Error).message });
      throw error;
    }
  }

  /**
   * Why `address` may not create a room now, or undefined. The HTTP gate asks this before reading a
   * `create` request's body, so a creation flood is refused at the cheapest point.
   */
  creationRefusal(address: string, now = Date.now()): { limit: string; status: number; message: string } | undefined {
    if (matchMaker.stats.local.roomCount >= this.limits.maxRooms) {
      return {
        limit: 'rooms-per-process',
        status: FULL,
        message: 'the server holds as many rooms as it may; try again later',
      };
    }
    if (this.creations.count(address, now) >= this.limits.roomsPerAddressPerMinute) {
      return {
        limit: 'rooms-per-address',
        status: TOO_MANY,
        message: 'too many rooms created from this address; try again in a minute',
      };
    }
    return undefined;
  }

  private admitCreation(address: string): void {
    const now = Date.now();
    const refusal = this.creationRefusal(address, now);
    if (refusal) this.refuse(refusal.limit, address, [refusal.status, refusal.message]);
    this.creations.record(address, now);
  }

  private reserve(sessionId: string, address: string): void {
    // Colyseus frees the seat itself after seatReservationTimeout; this only stops counting it.
    const timer = setTimeout(() => this.release(sessionId, reservation), this.limits.seatReservationSeconds * 1000);
    timer.unref();
    const reservation = { address, timer };
    this.pending.set(sessionId, reservation);
    this.pendingByAddress.add(address, 1);
  }

  private release(sessionId: string, reservation: Reservation): void {
    if (this.pending.get(sessionId) !== reservation) return;
    this.pending.delete(sessionId);
    this.pendingByAddress.add(reservation.address, -1);
  }

  /** Counts and logs a refusal by `limit` (also for the HTTP gate's early refusals). */
  recordRefusal(limit: string, address: string): void {
    metrics.countRefusal(limit);
    this.kickLog.record({ session: '-', address, reason: limit });
  }

  private refuse(limit: string, address: string, [status, message]: [number, string]): never {
    this.recordRefusal(limit, address);
    throw new ServerError(status, message);
  }
}

/** Methods that name the room by its id (a private room's code is its id). */
function isById(method: string): boolean {
  return method === 'joinById' || method === SPECTATE_METHOD;
}
