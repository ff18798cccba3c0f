import { Protocol } from '@colyseus/core';
import { WebSocketTransport, type TransportOptions } from '@colyseus/ws-transport';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { SENT_KINDS, metrics } from './metrics.ts';
import type { Security } from './security/Security.ts';

/** Colyseus frames start with a protocol code in the low 5 bits of the first byte. */
const PROTOCOL_CODE_MASK = 0x1f;

/** The kind of an outbound frame, from its protocol code: an index into SENT_KINDS. */
function sentKind(data: unknown): number {
  const first = data instanceof Uint8Array ? data[0] : undefined;
  if (first === undefined) return OTHER;
  const code = first & PROTOCOL_CODE_MASK;
  if (code === Protocol.ROOM_STATE_PATCH) return PATCH;
  if (code === Protocol.ROOM_STATE) return STATE;
  return OTHER;
}

const PATCH = SENT_KINDS.indexOf('patch');
const STATE = SENT_KINDS.indexOf('state');
const OTHER = SENT_KINDS.indexOf('other');

function totalLength(parts: readonly Buffer[]): number {
  let sum = 0;
  for (let i = 0; i < parts.length; i++) sum += parts[i]!.length;
  return sum;
}

/**
 * Counts every message `socket` receives (frames the guard refuses too) as it is emitted: a hook
 * installed after the guard's, so it runs first. Not a second 'message' listener, which would make
 * Node copy the socket's listener list on every frame.
 */
function meterInbound(socket: WebSocket): void {
  const emit = socket.emit.bind(socket);
  socket.emit = function meteredEmit(event: string | symbol, first?: unknown, second?: unknown) {
    if (event === 'message') {
      const data = first as RawData;
      metrics.countReceived(Array.isArray(data) ? totalLength(data) : data.byteLength);
      return emit(event, first, second);
    }
    // eslint-disable-next-line prefer-rest-params, prefer-spread
    return emit.apply(undefined, arguments as unknown as Parameters<typeof emit>);
  } as typeof socket.emit;
}

/**
 * The WebSocket transport, counting every inbound and outbound message and its bytes for /metrics,
 * with the security guard (when given) in front of every upgrade, frame and HTTP request.
 */
export class MeteredTransport extends WebSocketTransport {
  constructor(
    private readonly security?: Security,
    options: TransportOptions = {},
  ) {
    super({ ...options, verifyClient: security?.wire.verifyClient });
    // Prepended: the guard must see the socket before Colyseus's own connection handler.
    if (security)
      this.wss.prependListener('connection', (socket: WebSocket, req: IncomingMessage) =>
        security.onConnection(socket, req),
      );
    this.wss.on('connection', (socket: WebSocket) => {
      meterInbound(socket);
      const send = socket.send.bind(socket) as (data: unknown, options?: unknown, callback?: unknown) => void;
      // Fixed arguments, not a rest array: this runs for every patch to every client.
      socket.send = ((data: unknown, options?: unknown, callback?: unknown) => {
        const bytes = data instanceof Uint8Array ? data.byteLength : typeof data === 'string' ? data.length : 0;
        metrics.countSent(sentKind(data), bytes);
        send(data, options, callback);
      }) as WebSocket['send'];
    });
  }

  // Colyseus's own signature (port, hostname, backlog, listener).
  // eslint-disable-next-line max-params
  override listen(
    port: number,
    hostname?: string,
    backlog?: number,
    listeningListener?: (error?: Error) => void,
  ): this {
    // Node calls a listen callback only once listening: a refused listen (port in use, no permission)
    // reaches only 'error', which the base transport logs, and Colyseus's listen() waited for good.
    // Handing the error to Colyseus's callback makes its listen() reject.
    const refused = (error: Error) => listeningListener?.(error);
    this.server?.once('error', refused);
    return super.listen(port, hostname, backlog, () => {
      this.server?.off('error', refused);
      listeningListener?.(); // Colyseus binds its HTTP routes in here
      if (this.security && this.server) this.security.onListening(this.server);
    });
  }

  override shutdown(): void {
    this.security?.shutdown();
    super.shutdown();
  }
}
