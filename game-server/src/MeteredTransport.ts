import { Protocol } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import type { RawData, WebSocket } from 'ws';
import { metrics } from './metrics.ts';

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

/** The WebSocket transport, counting every inbound and outbound message and its bytes for /metrics. */
export class MeteredTransport extends WebSocketTransport {
  constructor(...args: ConstructorParameters<typeof WebSocketTransport>) {
    super(...args);
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
}
