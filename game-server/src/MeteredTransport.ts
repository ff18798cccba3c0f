import { WebSocketTransport, type TransportOptions } from '@colyseus/ws-transport';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { metrics } from './metrics.ts';
import type { Security } from './security/Security.ts';

/**
 * The WebSocket transport, counting every inbound message and its bytes for /metrics, with the
 * security guard (when given) in front of every upgrade, frame and HTTP request.
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
        metrics.messagesReceived++;
        metrics.bytesReceived += Array.isArray(data)
          ? data.reduce((sum, part) => sum + part.length, 0)
          : data.byteLength;
      });
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
