import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocket } from 'ws';
import { AddressResolver } from './addresses.ts';
import { HttpGate } from './HttpGate.ts';
import { KickLog } from './KickLog.ts';
import type { SecurityLimits } from './limits.ts';
import { MatchmakingGate } from './MatchmakingGate.ts';
import { OriginPolicy } from './origins.ts';
import { WireGuard } from './WireGuard.ts';

/**
 * One server's guard against hostile clients: the wire guard on every socket, the HTTP gate on every
 * request, and the matchmaking rules, sharing the limits, the client-address rule and the kick log.
 * The transport wires it in (MeteredTransport); docs/security.md explains each part.
 */
export class Security {
  readonly origins: OriginPolicy;
  readonly wire: WireGuard;
  readonly http: HttpGate;

  constructor(
    readonly limits: SecurityLimits,
    defaultMatchSeconds: number,
  ) {
    const addresses = new AddressResolver(limits.trustedProxies);
    const kickLog = new KickLog(limits.kickLogWindowMs);
    const matchmaking = new MatchmakingGate(limits, defaultMatchSeconds, kickLog);
    this.origins = new OriginPolicy(limits.allowedOrigins);
    this.wire = new WireGuard({
      limits,
      addresses,
      origins: this.origins,
      kickLog,
      onSeatUsed: (sessionId) => matchmaking.seatUsed(sessionId),
    });
    this.http = new HttpGate({ limits, addresses, origins: this.origins, matchmaking, kickLog });
  }

  /** The server listens and Colyseus has bound its routes: guard them, start the buffer checks. */
  onListening(server: HttpServer): void {
    this.origins.listeningPort = (server.address() as AddressInfo | null)?.port;
    this.http.install(server);
    this.wire.start();
  }

  /** Guards a socket that just connected (before Colyseus's own listener sees a frame). */
  onConnection(socket: WebSocket, req: Parameters<WireGuard['attach']>[1]): void {
    this.wire.attach(socket, req);
  }

  shutdown(): void {
    this.wire.stop();
  }
}
