/**
 * The bare-`ws` reference of `npm run bench`: a plain `ws` server (no Colyseus, no game) that sends
 * every connected client one binary frame of `frameBytes` at `hz`, from one timer, as a patch
 * broadcast would. It shows what sending the same patches costs with nothing else to do: the ceiling
 * to measure the game server against. Run as a child process pinned like the game server; bench.ts
 * reads its port and CPU over IPC. Arguments: frameBytes hz.
 */
import { WebSocketServer, type WebSocket } from 'ws';

export type BareWsRequest = { type: 'usage' } | { type: 'stop' };
export type BareWsReply =
  | { type: 'listening'; port: number }
  | { type: 'usage'; cpuSeconds: number; rssBytes: number; clients: number; framesSent: number };

const frameBytes = Math.max(1, Number(process.argv[2] ?? 100));
const hz = Number(process.argv[3] ?? 20);
// The leading byte says "state patch" (like Colyseus's ROOM_STATE_PATCH), the rest is filler.
const frame = Buffer.alloc(frameBytes, 0x5a);
frame[0] = 15;

const clients = new Set<WebSocket>();
let framesSent = 0;
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
  // A client's input frames are read and dropped: the reference pays for receiving them too.
  socket.on('message', () => undefined);
});
setInterval(() => {
  for (const socket of clients) socket.send(frame);
  framesSent += clients.size;
}, 1000 / hz);

const reply = (message: BareWsReply) => process.send?.(message);
server.on('listening', () => {
  const address = server.address();
  if (typeof address === 'object' && address) reply({ type: 'listening', port: address.port });
});
process.on('message', (request: BareWsRequest) => {
  if (request.type === 'stop') {
    for (const socket of clients) socket.terminate();
    server.close(() => process.exit(0));
    return;
  }
  const cpu = process.cpuUsage();
  reply({
    type: 'usage',
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: process.memoryUsage.rss(),
    clients: clients.size,
    framesSent,
  });
});
// The bench is this process's only reason to live.
process.on('disconnect', () => process.exit(0));
