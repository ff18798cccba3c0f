import { parseArgs } from 'node:util';
import {
  DEFAULT_TARGET_HOST,
  DEFAULT_TARGET_PORT,
  LagProxyError,
  LagProxyErrorCode,
  startLagProxy,
  type LagProxyOptions,
} from './lagProxy.ts';

/**
 * Runs a lag proxy by hand:
 *   npm run lagproxy -- --rtt 150 --jitter 20 [--bandwidth 100000] [--listen 2568] [--target 127.0.0.1:2567] [--seed 1]
 * --rtt R ms adds R/2 each way; --jitter J ms moves each chunk's one-way delay uniformly within ±J/2;
 * --bandwidth caps each direction of each connection in bytes/s. Stops on SIGINT or SIGTERM.
 */

/** Port the CLI listens on when --listen is absent: next to the game server's default. */
const DEFAULT_LISTEN_PORT = 2568;

const USAGE =
  'usage: npm run lagproxy -- --rtt <ms> [--jitter <ms>] [--bandwidth <bytes/s>] [--listen <port>] [--target <host:port>] [--seed <n>]';

/** What --help prints. */
export const HELP = `${USAGE}

A TCP proxy that adds latency, jitter and a bandwidth cap between a game client and the server.

  --rtt <ms>             round trip to add (required): half of it each way
  --jitter <ms>          each chunk's one-way delay varies uniformly within ±jitter/2 (default 0)
  --bandwidth <bytes/s>  cap on each direction of each connection (default unlimited)
  --listen <port>        port to listen on (default ${DEFAULT_LISTEN_PORT})
  --target <host:port>   game server to forward to (default ${DEFAULT_TARGET_HOST}:${DEFAULT_TARGET_PORT})
  --seed <n>             seed of the jitter generator, for repeatable runs
  -h, --help             print this help

Then open http://localhost:${DEFAULT_TARGET_PORT}/?server=http://127.0.0.1:${DEFAULT_LISTEN_PORT} to play through it.`;

function parseNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new LagProxyError(LagProxyErrorCode.InvalidOption, `--${flag} must be a number, got "${text}"\n${USAGE}`);
  }
  return value;
}

/** Splits "host:port" or "[::1]:port"; a bare port means the default host. */
function parseTarget(text: string): { targetHost: string; targetPort: number } {
  const match = /^(?:\[(.+)\]|([^:]+)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  if (!match) {
    throw new LagProxyError(LagProxyErrorCode.InvalidOption, `--target must be host:port, got "${text}"\n${USAGE}`);
  }
  return { targetHost: match[1] || match[2] || DEFAULT_TARGET_HOST, targetPort: Number(match[3]) };
}

/** Parses the command line; null when --help was asked for. */
export function parseOptions(argv: string[]): LagProxyOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      help: { type: 'boolean', short: 'h' },
      rtt: { type: 'string' },
      jitter: { type: 'string' },
      bandwidth: { type: 'string' },
      listen: { type: 'string' },
      target: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  if (values.help) return null;
  const rttMs = parseNumber('rtt', values.rtt);
  if (rttMs === undefined) throw new LagProxyError(LagProxyErrorCode.InvalidOption, `--rtt is required\n${USAGE}`);
  return {
    rttMs,
    jitterMs: parseNumber('jitter', values.jitter) ?? 0,
    bandwidthBytesPerSecond: parseNumber('bandwidth', values.bandwidth),
    listenPort: parseNumber('listen', values.listen) ?? DEFAULT_LISTEN_PORT,
    seed: parseNumber('seed', values.seed),
    ...parseTarget(values.target ?? `${DEFAULT_TARGET_HOST}:${DEFAULT_TARGET_PORT}`),
  };
}

function formatHost(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    console.log(HELP);
    return;
  }
  const proxy = await startLagProxy({
    ...options,
    onConnectionError: (error) => console.error(`lag proxy: connection closed after error: ${error.message}`),
  });
  const bandwidth = options.bandwidthBytesPerSecond;
  console.log(
    `lag proxy listening on ${formatHost(proxy.host, proxy.port)}, forwarding to ` +
      `${formatHost(options.targetHost ?? DEFAULT_TARGET_HOST, options.targetPort)} ` +
      `(rtt ${options.rttMs} ms = ${options.rttMs / 2} ms each way, jitter ±${options.jitterMs / 2} ms each way, ` +
      `bandwidth ${bandwidth === undefined ? 'unlimited' : `${bandwidth} bytes/s each way`})`,
  );
  const stop = () => {
    proxy.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('lag proxy: failed to close', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(2);
});
