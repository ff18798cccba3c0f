import { matchMaker } from '@colyseus/core';
import { timingSafeEqual } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { metrics } from '../metrics.ts';
import type { AddressResolver } from './addresses.ts';
import type { KickLog } from './KickLog.ts';
import { KeyedWindow, type SecurityLimits } from './limits.ts';
import type { InvokeMethod, MatchmakingCall, MatchmakingGate } from './MatchmakingGate.ts';
import type { OriginPolicy } from './origins.ts';

/** What a request carries from the gate into Colyseus's matchmaking and CORS hooks. */
interface RequestScope {
  gate: HttpGate;
  address: string;
}

const requestScope = new AsyncLocalStorage<RequestScope>();

export interface HttpGateOptions {
  limits: SecurityLimits;
  addresses: AddressResolver;
  origins: OriginPolicy;
  matchmaking: MatchmakingGate;
  kickLog: KickLog;
}

/**
 * The HTTP side of the guard, in front of every route (matchmaking, /healthz, /metrics, the client):
 * refuses a foreign Origin with 403, keeps /metrics to operator addresses or a bearer token, and runs
 * the request in a scope that Colyseus's CORS and matchmaking hooks read (installControllerHooks).
 */
export class HttpGate {
  /** Guest sign-ins per address in the last minute. */
  private readonly guestSignIns = new KeyedWindow(60_000);

  constructor(readonly options: HttpGateOptions) {
    installControllerHooks();
  }

  /** Puts the gate in front of every `request` listener the server has now (call after Colyseus bound its routes). */
  install(server: HttpServer): void {
    const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const address = this.options.addresses.resolve(req);
      const refusal = this.refusalFor(req, address);
      if (refusal) {
        metrics.countRefusal(refusal);
        this.options.kickLog.record({ session: '-', address, reason: refusal, detail: `${req.method} ${req.url}` });
        res.writeHead(403, { 'content-type': 'application/json', Vary: 'Origin' });
        res.end(JSON.stringify({ error: refusal === 'origin' ? 'origin not allowed' : 'operators only' }));
        return;
      }
      if (req.headers['transfer-encoding'] !== undefined && this.refuseUnsizedBody(res, req, address)) return;
      if (req.method === 'POST' && req.url?.startsWith('/matchmake/create/') && this.refuseCreation(res, address))
        return;
      if (req.method === 'POST' && pathOf(req) === '/auth/anonymous' && this.refuseGuest(res, address)) return;
      requestScope.run({ gate: this, address }, () => {
        for (const listener of listeners) listener.call(server, req, res);
      });
    });
  }

  /**
   * A body must come with its length: Colyseus caps a matchmaking body at 1 MB only by its
   * Content-Length, and read a chunked one to its end (300 MB took the process to 1.2 GB of RSS,
   * kept after). Browsers and the SDK always send the length of their JSON.
   */
  private refuseUnsizedBody(res: ServerResponse, req: IncomingMessage, address: string): boolean {
    this.options.matchmaking.recordRefusal('unsized-body', address);
    res.writeHead(411, { 'content-type': 'application/json', connection: 'close', Vary: 'Origin' });
    res.end(
      JSON.stringify({ code: 411, error: `a request body needs a Content-Length (${req.method} ${pathOf(req)})` }),
    );
    return true;
  }

  /** A `create` from an address out of room budget is answered here, before its body is read. */
  private refuseCreation(res: ServerResponse, address: string): boolean {
    const refusal = this.options.matchmaking.creationRefusal(address);
    if (!refusal) return false;
    this.options.matchmaking.recordRefusal(refusal.limit, address);
    res.writeHead(refusal.status, { 'content-type': 'application/json', Vary: 'Origin' });
    res.end(JSON.stringify({ code: refusal.status, error: refusal.message }));
    return true;
  }

  /** A guest sign-in past the address's budget is answered 429 here; one within it is counted. */
  private refuseGuest(res: ServerResponse, address: string): boolean {
    const now = Date.now();
    if (this.guestSignIns.count(address, now) < this.options.limits.guestsPerAddressPerMinute) {
      this.guestSignIns.record(address, now);
      return false;
    }
    this.options.matchmaking.recordRefusal('guests-per-address', address);
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '60', Vary: 'Origin' });
    res.end(JSON.stringify({ code: 429, error: 'too many guest sign-ins from this address; try again in a minute' }));
    return true;
  }

  private refusalFor(req: IncomingMessage, address: string): 'origin' | 'metrics' | undefined {
    if (!this.options.origins.allows(req)) return 'origin';
    const path = routePathOf(req);
    if ((path === '/metrics' || path.startsWith('/metrics/')) && !this.isOperator(req, address)) return 'metrics';
    return undefined;
  }

  /** An operator: an allowed address (loopback by default), or the METRICS_TOKEN bearer token. */
  private isOperator(req: IncomingMessage, address: string): boolean {
    const { metricsAllow, metricsToken } = this.options.limits;
    if (metricsAllow.includes(address)) return true;
    const given = Buffer.from(req.headers.authorization ?? '');
    const expected = Buffer.from(`Bearer ${metricsToken}`);
    return metricsToken !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** The request's path, without its query. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0]!;
}

/**
 * The path as Express routes it: case-insensitively (`/METRICS` reaches the /metrics route), from an
 * absolute-form target (`GET http://host/metrics`) too, without a query or fragment. A target that
 * does not parse is taken as /metrics, so it is refused rather than guessed.
 */
function routePathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://gate').pathname.toLowerCase();
  } catch {
    return '/metrics';
  }
}

let hooksInstalled = false;

/**
 * Colyseus's matchmaking controller is one object per process: its CORS headers and invokeMethod
 * are replaced once, and each call finds its own server's gate through the request scope (a call
 * with no scope, e.g. from a test harness without HTTP, runs unchanged).
 */
function installControllerHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const controller = matchMaker.controller;
  // Colyseus's defaults reflect any Origin with credentials for 30 days; origins are checked by the
  // gate now, so these only keep what a browser needs for the SDK's matchmaking POST.
  (controller as { DEFAULT_CORS_HEADERS: Record<string, string> }).DEFAULT_CORS_HEADERS = {
    'Access-Control-Allow-Headers': 'Origin, X-Requested-With, Content-Type, Accept, Authorization',
    'Access-Control-Allow-Methods': 'GET,POST,OPTIONS',
    'Access-Control-Max-Age': '600',
  };
  controller.getCorsHeaders = (headers: Headers) => {
    const scope = requestScope.getStore();
    return scope ? scope.gate.options.origins.corsHeaders(headers.get('origin')) : { Vary: 'Origin' };
  };
  const invoke = controller.invokeMethod.bind(controller) as InvokeMethod;
  controller.invokeMethod = (...call: MatchmakingCall) => {
    const scope = requestScope.getStore();
    return scope ? scope.gate.options.matchmaking.invoke(invoke, call, scope.address) : invoke(...call);
  };
}
