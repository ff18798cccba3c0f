import { WebSocketTransport } from '@colyseus/ws-transport';
import type { RawData, WebSocket } from 'ws';
import { metrics } from './metrics.ts';

/** The WebSocket transport, counting every inbound message and its bytes for /metrics. */
export class MeteredTransport extends WebSocketTransport {
  constructor(...args: ConstructorParameters<typeof WebSocketTransport>) {
    super(...args);
    this.wss.on('connection', (socket: WebSocket) => {
      socket.on('message', (data: RawData) => {
        metrics.messagesReceived++;
        metrics.bytesReceived += Array.isArray(data)
          ? data.reduce((sum, part) => sum + part.length, 0)
          : data.byteLength;
      });
    });
  }
}
