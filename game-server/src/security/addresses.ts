import type { IncomingMessage } from 'node:http';

const LOOPBACK = ['127.0.0.1', '::1'];

/** Strips the IPv4-mapped IPv6 prefix so one client has one spelling ("::ffff:1.2.3.4" → "1.2.3.4"). */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  return trimmed.startsWith('::ffff:') && trimmed.includes('.') ? trimmed.slice(7) : trimmed;
}

/**
 * Resolves the address a request came from, for per-address limits. The socket's peer address is
 * the answer unless that peer is a configured trusted proxy; then X-Forwarded-For is read from the
 * right, skipping trusted proxies, and the first other address is the client. A client that writes
 * its own X-Forwarded-For without a trusted proxy in front changes nothing.
 */
export class AddressResolver {
  private readonly trusted: Set<string>;

  /** `trustedProxies`: exact addresses, or "loopback" for 127.0.0.1 and ::1. */
  constructor(trustedProxies: readonly string[]) {
    this.trusted = new Set(
      trustedProxies.flatMap((entry) => (entry === 'loopback' ? LOOPBACK : [normalizeAddress(entry)])),
    );
  }

  /** The client address of a request or upgrade. */
  resolve(req: IncomingMessage): string {
    const peer = normalizeAddress(req.socket.remoteAddress ?? 'unknown');
    if (!this.trusted.has(peer)) return peer;
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map(normalizeAddress);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!;
      if (hop !== '' && !this.trusted.has(hop)) return hop;
    }
    return peer;
  }
}
