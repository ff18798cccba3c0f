import { RedisDriver } from '@colyseus/redis-driver';
import { RedisPresence } from '@colyseus/redis-presence';
import { ServerError, matchMaker, type IRoomCache, type SortOptions } from '@colyseus/core';
import { ErrorCode } from '@orb-arena/shared';
import { EventEmitter } from 'node:events';
import { Redis, type RedisOptions } from 'ioredis';
import { log } from '../logger.ts';

/*
 * Colyseus's Redis presence and driver, with what running them in production needs: a start-up probe
 * that fails fast (by default ioredis retries forever and the port never opens), a health flag fed by
 * the connections' own events, matchmaking that refuses new seats clearly while Redis is away, and the
 * process's room listings restored when Redis comes back (a restarted Redis starts empty).
 */

/** Redis could not be reached at start-up: the message says where and what to do. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** The URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Connection options every client shares: fail commands at once while disconnected, keep reconnecting. */
const CLIENT_OPTIONS: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  retryStrategy: (times) => Math.min(100 * times, 1000),
};

/**
 * Connects once to `url` and PINGs, giving up after `seconds`: throws RedisUnavailableError naming
 * the address, the cause and the fix.
 */
export async function probeRedis(url: string, seconds: number): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null, connectTimeout: seconds * 1000 });
  client.on('error', () => {}); // the rejection below carries the cause
  const deadline = new Promise<never>((_resolve, reject) => {
    setTimeout(() => reject(new Error(`no answer within ${seconds} s`)), seconds * 1000).unref();
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), deadline]);
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new RedisUnavailableError(
      `cannot reach Redis at ${redactRedisUrl(url)} (REDIS_URL): ${cause}. ` +
        'Start Redis there or fix REDIS_URL; unset REDIS_URL to run a single process without Redis.',
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}

/** RedisPresence that exposes its connections, so their health can be watched. */
class WatchedRedisPresence extends RedisPresence {
  get connections(): Redis[] {
    return [this.pub, this.sub] as Redis[];
  }
}

/** The process's view of Redis: emits 'down' and 'up' as the connections fail and recover. */
export class RedisHealth extends EventEmitter<{ down: []; up: [] }> {
  private wasReady = false;
  private everReady = false;

  constructor(private readonly connections: Redis[]) {
    super();
    for (const connection of connections) {
      connection.on('ready', () => this.check());
      connection.on('close', () => this.check());
      connection.on('end', () => this.check());
    }
  }

  /** True while every connection is ready. */
  get ready(): boolean {
    return this.connections.every((connection) => connection.status === 'ready');
  }

  /** Resolves once every connection is ready; rejects with RedisUnavailableError after `seconds`. */
  untilReady(seconds: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new RedisUnavailableError(`Redis connections were not ready within ${seconds} s`));
      }, seconds * 1000);
      // Connections turn ready one by one; 'up' fires only on a change after a loss, so poll briefly.
      const poll = setInterval(() => {
        if (!this.ready) return;
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }, 20);
    });
  }

  private check(): void {
    const ready = this.ready;
    if (ready === this.wasReady) return;
    this.wasReady = ready;
    // The first 'ready' is start-up, not a recovery.
    if (ready && !this.everReady) {
      this.everReady = true;
      return;
    }
    this.emit(ready ? 'up' : 'down');
  }
}

/** RedisDriver that refuses matchmaking with a clear error while Redis is unreachable. */
class GuardedRedisDriver extends RedisDriver {
  constructor(
    client: Redis,
    private readonly isReady: () => boolean,
  ) {
    super(client);
  }

  private assertReady(): void {
    if (this.isReady()) return;
    throw new ServerError(
      ErrorCode.Unavailable,
      'matchmaking is unavailable: this server lost its connection to Redis; try again in a few seconds',
    );
  }

  override query(conditions: Partial<IRoomCache>, sortOptions?: SortOptions) {
    this.assertReady();
    return super.query(conditions, sortOptions);
  }

  override findOne(conditions: Partial<IRoomCache>, sortOptions?: SortOptions) {
    this.assertReady();
    return super.findOne(conditions, sortOptions);
  }
}

/** Presence, driver and health for one process. */
export interface RedisScale {
  presence: RedisPresence;
  driver: RedisDriver;
  health: RedisHealth;
}

/**
 * Builds Colyseus's Redis presence and driver on `url`, watched by one RedisHealth. When Redis comes
 * back after a loss, this process's stats and room listings are written again.
 */
export function createRedisScale(url: string): RedisScale {
  const presence = new WatchedRedisPresence(new Redis(url, CLIENT_OPTIONS));
  const driverClient = new Redis(url, CLIENT_OPTIONS);
  driverClient.on('error', () => {}); // reported through health, not once per retry
  const health = new RedisHealth([...presence.connections, driverClient]);
  const driver = new GuardedRedisDriver(driverClient, () => health.ready);
  health.on('down', () => log.error({ redis: redactRedisUrl(url) }, 'lost Redis: refusing new seats, rooms play on'));
  health.on('up', () => {
    log.info({ redis: redactRedisUrl(url) }, 'Redis is back: restoring room listings');
    void restoreListings();
  });
  return { presence, driver, health };
}

/** Writes this process's stats and any missing room listing back into Redis. */
async function restoreListings(): Promise<void> {
  try {
    await matchMaker.stats.persist(true);
    await matchMaker.restoreMissingRoomCaches();
  } catch (error) {
    log.error({ err: error }, 'could not restore room listings after Redis came back');
  }
}
