import { JoinOptions } from '@orb-arena/shared';

/**
 * The game server's address: `?server=http://host:port` (e.g. a lag proxy), else the page's own origin
 * in production, or the default server port next to the Vite dev server.
 */
export function serverEndpoint(): string {
  const fromQuery = new URLSearchParams(location.search).get('server');
  if (fromQuery) return fromQuery;
  if (import.meta.env.DEV) return `${location.protocol}//${location.hostname}:2567`;
  return location.origin;
}

/**
 * `?match=SECONDS` plays in rooms with that round length (matched only with players who asked for the
 * same), handy for trying round ends without waiting five minutes. Invalid values are ignored.
 */
export function matchSecondsFromUrl(): number | undefined {
  const parsed = JoinOptions.shape.matchSeconds.safeParse(
    Number(new URLSearchParams(location.search).get('match') ?? NaN),
  );
  return parsed.success ? parsed.data : undefined;
}
