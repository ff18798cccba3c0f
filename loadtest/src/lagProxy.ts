import { nextRandom, type RandomSource } from '@orb-arena/shared';
import net, { type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  LagProxyErrorCode,
  LagProxyError,
  DEFAULT_TARGET_HOST,
  QUEUE_HIGH_WATER_BYTES,
  type LagConditions,
  type LagProxyOptions,
  type DirectionStats,
  type LagProxyStats,
  type LagProxy,
  type LinkTimeline,
  planRelease,
  requireLoopbackHost,
  requireNumber,
  validateConditions,
} from './lagConditions.ts';

export {
  DEFAULT_TARGET_HOST,
  DEFAULT_TARGET_PORT,
  LagProxyError,
  LagProxyErrorCode,
  QUEUE_HIGH_WATER_BYTES,
  isLoopbackAddress,
  planRelease,
  requireLoopbackHost,
  type DirectionStats,
  type LagConditions,
  type LagProxy,
  type LagProxyOptions,
  type LagProxyStats,
  type LinkTimeline,
} from './lagConditions.ts';

/**
 * A TCP proxy on loopback that adds latency, jitter and a bandwidth cap, per direction and per
 * connection, while keeping TCP's in-order delivery. Test traffic only: targets must be loopback.
 */

/** What every pipe of a proxy shares: current conditions and the jitter generator. */
interface ProxyContext {
  conditions: LagConditions;
  random: RandomSource;
}

/** One direction of one connection: reads `from`, holds each chunk until its release time, writes `to`. */
class DelayedPipe {
  private readonly queue: { data: Buffer; releaseAt: number }[] = [];
  private queuedBytes = 0;
  private timeline: LinkTimeline = { serializedAt: 0, releasedAt: 0 };
  private timer: NodeJS.Timeout | undefined;
  private isReadingPaused = false;
  private isFinishing = false;
  private isDisposed = false;

  constructor(
    private readonly ends: { from: Socket; to: Socket },
    private readonly context: ProxyContext,
    private readonly stats: DirectionStats,
  ) {
    ends.from.on('data', (chunk: Buffer) => this.enqueue(chunk));
    ends.from.on('end', () => this.finish());
    ends.to.on('drain', () => this.updateReading());
  }

  /** The source sent FIN (or is gone): flush what is queued, then end the destination. */
  finish(): void {
    this.isFinishing = true;
    this.release();
  }

  /** Drops queued data and stops timers; used when the destination is gone or the pair is torn down. */
  dispose(): void {
    this.isDisposed = true;
    clearTimeout(this.timer);
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private enqueue(data: Buffer): void {
    if (this.isDisposed) return;
    const arrivalMs = performance.now();
    const random = nextRandom(this.context.random);
    const plan = {
      arrivalMs,
      bytes: data.length,
      conditions: this.context.conditions,
      previous: this.timeline,
      random,
    };
    this.timeline = planRelease(plan);
    this.queue.push({ data, releaseAt: this.timeline.releasedAt });
    this.queuedBytes += data.length;
    this.stats.bytes += data.length;
    this.stats.chunks += 1;
    this.stats.maxQueuedDelayMs = Math.max(this.stats.maxQueuedDelayMs, this.timeline.releasedAt - arrivalMs);
    this.stats.maxQueuedBytes = Math.max(this.stats.maxQueuedBytes, this.queuedBytes);
    this.updateReading();
    this.armTimer();
  }

  /** Writes every chunk whose release time has come; re-arms for the next. Timers may fire early, so it re-checks. */
  private release(): void {
    if (this.isDisposed) return;
    const now = performance.now();
    const { to } = this.ends;
    while (this.queue.length > 0 && this.queue[0]!.releaseAt <= now) {
      const chunk = this.queue.shift()!;
      this.queuedBytes -= chunk.data.length;
      if (!to.destroyed && !to.writableEnded) to.write(chunk.data);
    }
    if (this.queue.length === 0 && this.isFinishing) {
      if (!to.destroyed && !to.writableEnded) to.end();
      this.dispose();
      return;
    }
    this.updateReading();
    this.armTimer();
  }

  private armTimer(): void {
    if (this.timer !== undefined || this.queue.length === 0) return;
    const waitMs = Math.max(0, Math.ceil(this.queue[0]!.releaseAt - performance.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release();
    }, waitMs);
  }

  /** Backpressure: stop reading the sender while our queue is full or the receiver's buffer is. */
  private updateReading(): void {
    const { from, to } = this.ends;
    const shouldPause = !this.isDisposed && (this.queuedBytes >= QUEUE_HIGH_WATER_BYTES || to.writableNeedDrain);
    if (shouldPause === this.isReadingPaused) return;
    this.isReadingPaused = shouldPause;
    if (shouldPause) from.pause();
    else from.resume();
  }
}

interface PairHooks {
  context: ProxyContext;
  stats: LagProxyStats;
  onError: (error: Error) => void;
  onClosed: () => void;
}

/** Joins an accepted client to a new target connection through two delayed pipes. */
function bridgeConnection(client: Socket, target: Socket, hooks: PairHooks): void {
  client.setNoDelay(true);
  target.setNoDelay(true);
  const toTarget = new DelayedPipe({ from: client, to: target }, hooks.context, hooks.stats.clientToTarget);
  const toClient = new DelayedPipe({ from: target, to: client }, hooks.context, hooks.stats.targetToClient);
  let isReset = false;
  const resetPair = (error: Error) => {
    if (isReset) return;
    isReset = true;
    hooks.stats.connectionErrors += 1;
    hooks.onError(error);
    toTarget.dispose();
    toClient.dispose();
    // A reset (not a clean FIN) so neither side mistakes the failure for a normal end of stream.
    for (const socket of [client, target]) {
      if (socket.connecting || socket.destroyed) socket.destroy();
      else socket.resetAndDestroy();
    }
  };
  client.on('error', resetPair);
  target.on('error', resetPair);
  // A side fully closed: deliver what is queued for the other side, then close that one too.
  const closeAfterFlush = (gone: Socket, pipeFromGone: DelayedPipe, pipeToGone: DelayedPipe) => {
    gone.once('close', () => {
      pipeToGone.dispose();
      pipeFromGone.finish();
      const other = gone === client ? target : client;
      if (other.writableFinished || other.destroyed) other.destroy();
      else other.once('finish', () => other.destroy());
    });
  };
  closeAfterFlush(client, toTarget, toClient);
  closeAfterFlush(target, toClient, toTarget);
  let openSockets = 2;
  const onSocketClosed = () => {
    openSockets -= 1;
    if (openSockets === 0) hooks.onClosed();
  };
  client.once('close', onSocketClosed);
  target.once('close', onSocketClosed);
}

function emptyDirectionStats(): DirectionStats {
  return { bytes: 0, chunks: 0, maxQueuedDelayMs: 0, maxQueuedBytes: 0 };
}

/** Starts a lag proxy listening on loopback; resolves once it accepts connections. */
export async function startLagProxy(options: LagProxyOptions): Promise<LagProxy> {
  const listenHost = requireLoopbackHost(options.listenHost ?? '127.0.0.1', 'listenHost');
  const targetHost = requireLoopbackHost(options.targetHost ?? DEFAULT_TARGET_HOST, 'targetHost');
  requireNumber(options.listenPort ?? 0, { name: 'listenPort', min: 0, integer: true });
  requireNumber(options.targetPort, { name: 'targetPort', min: 1, integer: true });
  requireNumber(options.seed ?? 1, { name: 'seed', min: 0, integer: true });
  const context: ProxyContext = { conditions: validateConditions(options), random: { rng: (options.seed ?? 1) >>> 0 } };
  const stats: LagProxyStats = {
    clientToTarget: emptyDirectionStats(),
    targetToClient: emptyDirectionStats(),
    connectionsOpened: 0,
    connectionsActive: 0,
    connectionErrors: 0,
  };
  const sockets = new Set<Socket>();
  const onError = options.onConnectionError ?? (() => undefined);
  const server: Server = net.createServer({ allowHalfOpen: true }, (client) => {
    const target = net.connect({ host: targetHost, port: options.targetPort, allowHalfOpen: true });
    for (const socket of [client, target]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    }
    stats.connectionsOpened += 1;
    stats.connectionsActive += 1;
    bridgeConnection(client, target, { context, stats, onError, onClosed: () => (stats.connectionsActive -= 1) });
  });
  await new Promise<void>((resolve, reject) => {
    const onListenError = (error: Error) => {
      const where = `${listenHost}:${options.listenPort ?? 0}`;
      reject(
        new LagProxyError(LagProxyErrorCode.ListenFailed, `could not listen on ${where}: ${error.message}`, {
          cause: error,
        }),
      );
    };
    server.once('error', onListenError);
    server.listen(options.listenPort ?? 0, listenHost, () => {
      server.off('error', onListenError);
      resolve();
    });
  });
  server.on('error', onError);
  return {
    port: (server.address() as AddressInfo).port,
    host: listenHost,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    setConditions: (conditions) => {
      context.conditions = validateConditions(conditions);
    },
    stats: () => structuredClone(stats),
  };
}
