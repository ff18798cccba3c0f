import { Protocol } from '@colyseus/core';
import { ARENA_ROOM } from '@orb-arena/shared';
import { type Agent, request } from 'node:http';
import { WebSocket } from 'ws';

/*
 * Hostile clients that speak the wire directly (no SDK), each from its own loopback address
 * (127.0.0.2, 127.0.0.3, ...: Linux routes all of 127/8 to lo), so per-address limits on the
 * attacker never touch the honest players on 127.0.0.1.
 */

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Options of one raw HTTP request. */
export interface RawRequest {
  method?: string;
  path: string;
  from: string;
  headers?: Record<string, string>;
  body?: unknown;
  agent?: Agent;
}

/** One HTTP request from address `from`. */
export function httpRequest(endpoint: string, options: RawRequest): Promise<HttpAnswer> {
  const url = new URL(options.path, endpoint);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        localAddress: options.from,
        agent: options.agent,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const tokens = new Map<string, Promise<string>>();

/**
 * A guest token signed in from `from` (one per endpoint and address, reused: a token does not open
 * a new budget, the address is what counts). Every matchmaking request needs one.
 */
export function guestToken(endpoint: string, from: string): Promise<string> {
  const key = `${endpoint} ${from}`;
  let token = tokens.get(key);
  if (!token) {
    token = httpRequest(endpoint, { method: 'POST', path: '/auth/anonymous', from, body: {} }).then((answer) => {
      if (answer.status !== 200) throw new Error(`guest sign-in refused: ${answer.status} ${answer.body}`);
      return (JSON.parse(answer.body) as { token: string }).token;
    });
    tokens.set(key, token);
  }
  return token;
}

/** The Authorization header of a guest signed in from `from`. */
export async function authHeader(endpoint: string, from: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await guestToken(endpoint, from)}` };
}

/** What matchmaking answers for a seat. */
export interface SeatReservation {
  sessionId: string;
  roomId: string;
  processId: string;
}

/** Reserves a seat over HTTP (joinOrCreate unless told otherwise); throws with the answer if refused. */
export async function reserveSeat(
  endpoint: string,
  from: string,
  options: { body?: unknown; method?: string; headers?: Record<string, string> } = {},
): Promise<SeatReservation> {
  const answer = await httpRequest(endpoint, {
    method: 'POST',
    path: `/matchmake/${options.method ?? 'joinOrCreate'}/${ARENA_ROOM}`,
    from,
    body: options.body ?? { name: 'mallory' },
    headers: { ...(await authHeader(endpoint, from)), ...options.headers },
  });
  if (answer.status !== 200) throw new Error(`reservation refused: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body) as SeatReservation;
}

/** A raw WebSocket into a reserved seat, with what the server did to it. */
export interface RawSeat {
  sessionId: string;
  socket: WebSocket;
  /** Resolves with the close code once the connection ends. */
  closed: Promise<number>;
  /** Every frame the server sent. */
  received: Buffer[];
}

/**
 * Opens a socket into `seat`. With `ack` (the default) it answers the server's JOIN_ROOM with the
 * one-byte acknowledgement, as the SDK does, and resolves once that is sent.
 */
export async function connectSeat(
  endpoint: string,
  seat: SeatReservation,
  options: { from: string; ack?: boolean; origin?: string },
): Promise<RawSeat> {
  const url = `${endpoint.replace('http', 'ws')}/${seat.processId}/${seat.roomId}?sessionId=${seat.sessionId}`;
  const socket = new WebSocket(url, { localAddress: options.from, origin: options.origin });
  const received: Buffer[] = [];
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  const joinRoom = new Promise<void>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      received.push(data);
      if (data[0] === Protocol.JOIN_ROOM) resolve();
    });
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`closed with ${code} before JOIN_ROOM`)));
  });
  await joinRoom;
  if (options.ack ?? true) socket.send(Uint8Array.of(Protocol.JOIN_ROOM));
  return { sessionId: seat.sessionId, socket, closed, received };
}

/** Reserves, connects and acknowledges: a joined hostile player, ready to send bytes. */
export async function joinRaw(endpoint: string, from: string): Promise<RawSeat> {
  return connectSeat(endpoint, await reserveSeat(endpoint, from), { from });
}

/** Ends a seat: a consented LEAVE_ROOM when still open (the seat is freed at once), then the socket. */
export async function dismiss(seat: RawSeat): Promise<void> {
  if (seat.socket.readyState === WebSocket.OPEN) {
    seat.socket.send(Uint8Array.of(Protocol.LEAVE_ROOM));
    await seat.closed;
  }
  seat.socket.terminate();
}

/**
 * Sends `frame` on a joined socket, then a PING, and reports what happened: 'kicked' (closed by the
 * server with 4002) or 'kept' (the PING was answered, so the frame was handled and accepted).
 */
export async function sendAndSee(seat: RawSeat, frame: Uint8Array | string): Promise<'kicked' | 'kept' | number> {
  const pong = new Promise<'kept'>((resolve) =>
    seat.socket.on('message', (data: Buffer) => {
      if (data.length === 1 && data[0] === Protocol.PING) resolve('kept');
    }),
  );
  seat.socket.send(frame, { binary: typeof frame !== 'string' });
  if (seat.socket.readyState === WebSocket.OPEN) seat.socket.send(Uint8Array.of(Protocol.PING));
  const outcome = await Promise.race([pong, seat.closed]);
  if (outcome === 'kept') return 'kept';
  return outcome === 4002 ? 'kicked' : outcome;
}
