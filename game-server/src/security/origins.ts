import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Which browser origins may use the server (WebSocket upgrade, matchmaking, every HTTP route).
 * Allowed: a request without an Origin header (not a browser, or a same-origin GET); the page's own
 * origin (Origin's host equals the Host the request was sent to); a page served by this very server
 * on loopback (Origin is http://127.0.0.1|localhost|[::1] on our own port, which is what a page
 * opened through the lag proxy sends); and the configured allow-list ("*" allows every origin).
 */
export class OriginPolicy {
  private readonly allowed: Set<string>;
  private readonly any: boolean;
  /** The port this server listens on, once known (for the loopback rule). */
  listeningPort: number | undefined;

  constructor(allowedOrigins: readonly string[]) {
    this.any = allowedOrigins.includes('*');
    this.allowed = new Set(
      allowedOrigins.filter((origin) => origin !== '*').map((origin) => origin.replace(/\/$/, '')),
    );
  }

  /** True when a request with these headers may proceed. */
  allows(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (this.any || this.allowed.has(origin)) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, file://) and garbage
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (url.host === req.headers.host) return true;
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return LOOPBACK_HOSTS.has(url.hostname) && port === this.listeningPort;
  }

  /** CORS headers for an allowed request: the origin reflected, never "*", and Vary: Origin. */
  corsHeaders(origin: string | null): Record<string, string> {
    const headers: Record<string, string> = { Vary: 'Origin' };
    if (origin !== null) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Allow-Credentials'] = 'true';
    }
    return headers;
  }
}
