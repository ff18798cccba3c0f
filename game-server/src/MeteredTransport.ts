import { Protocol } from '@colyseus/core';
import { WebSocketTransport, type TransportOptions } from '@colyseus/ws-transport';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { metrics } from './metrics.ts';
import type { Security } from './security/Security.ts';

/** Colyseus frames start with a protocol code in the low 5 bits of the first byte. */
const PROTOCOL_CODE_MASK = 0x1f;

/** The metrics label for an outbound frame, from its protocol code. */
function sentKind(data: unknown): 'patch' | 'state' | 'other' {
  const first = data instanceof Uint8Array ? data[0] : undefined;
  if (first === undefined) return 'other';
  const code = first & PROTOCOL_CODE_MASK;
  if (code === Protocol.ROOM_STATE_PATCH) return 'patch';
  if (code === Protocol.ROOM_STATE) return 'state';
  return 'other';
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
    if (security) this.wss.prependListener('connection', (socket: WebSocket, req: IncomingMessage) => security.onConnection(socket, req));
    this.wss.on('connection', (socket: WebSocket) => {
      socket.on('message', (data: RawData) => {
        metrics.messagesReceived.inc();
        metrics.bytesReceived.inc(
          Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength,
        );
      });
      const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
      socket.send = ((data: unknown, ...rest: unknown[]) => {
        const bytes = data instanceof Uint8Array ? data.byteLength : typeof data === 'string' ? data.length : 0;
        metrics.sentBytes.inc({ kind: sentKind(data) }, bytes);
        send(data, ...rest);
      }) as WebSocket['send'];
    });
  }

  // Colyseus's own signature (port, hostname, backlog, listener).
  // eslint-disable-next-line max-params
  override listen(port: number, hostname?: string, backlog?: number, listeningListener?: () => void): this {
    return super.listen(port, hostname, backlog, () => {
      listeningListener?.(); // Colyseus binds its HTTP routes in here
      if (this.security && this.server) this.security.onListening(this.server);
    });
  }

  override shutdown(): void {
    this.security?.shutdown();
    super.shutdown();
  }
}
