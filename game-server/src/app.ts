import { defineRoom, defineServer, type Server } from '@colyseus/core';
import { LEADERBOARD_ROOM } from '@orb-arena/shared';
import { existsSync } from 'node:fs';
import { DEFAULT_SETTINGS, type ServerSettings } from './config.ts';
import { mountHealth } from './http/health.ts';
import { mountMonitor, type MonitorCredentials } from './http/monitor.ts';
import { serveClient } from './http/staticClient.ts';
import { configureGuestIdentity, createIdentityRouter } from './identity/guestIdentity.ts';
import { LeaderboardApi } from './http/leaderboardApi.ts';
import { colyseusLogger, log } from './logger.ts';
import { LeaderboardFeed } from './persistence/LeaderboardFeed.ts';
import type { LeaderboardStore } from './persistence/LeaderboardStore.ts';
import { ScoreReporter } from './persistence/ScoreReporter.ts';
import { LeaderboardRoom } from './rooms/LeaderboardRoom.ts';
import { metrics } from './metrics.ts';
import { MeteredTransport } from './MeteredTransport.ts';
import { mountAnnounce } from './scale/announcements.ts';
import { drain, selectServingProcess } from './scale/drain.ts';
import type { RedisScale } from './scale/redis.ts';
import { defineRooms } from './rooms/registry.ts';
import { installSpectateMethod } from './rooms/spectateMatchmaking.ts';
import { DEFAULT_SECURITY_LIMITS, type SecurityLimits } from './security/limits.ts';
import { Security } from './security/Security.ts';

export interface GameServerOptions {
  /** Room settings; missing ones take DEFAULT_SETTINGS. */
  settings?: Partial<ServerSettings> & { seed?: number };
  /** Adds POST /metrics/reset for the benchmark. @default false */
  benchMode?: boolean;
  /** Abuse limits; missing ones take DEFAULT_SECURITY_LIMITS. */
  security?: Partial<SecurityLimits>;
  /** Folder of the built client to serve at `/`; null serves none. @default game-client/dist */
  clientDir?: string | null;
  /** Colyseus's Redis presence and driver (scale/redis.ts); without it, the in-memory defaults. */
  redis?: RedisScale;
  /** How clients reach this very process (`host:port` or `host/path`); needed with several processes. */
  publicAddress?: string;
  /** Credentials for the Colyseus monitor at /monitor; without them it is not mounted. */
  monitor?: MonitorCredentials;
  /**
   * Leaves SIGTERM/SIGINT to the caller (index.ts drains on them) instead of Colyseus's immediate
   * graceful shutdown. @default false
   */
  ownSignals?: boolean;
  /** Secret that signs guest tokens (see identity/jwtSecret.ts); omitted, a per-process one. */
  jwtSecret?: string;
  /** Where scores persist; the server closes it at shutdown. None: scores are not kept. */
  store?: LeaderboardStore;
}

/** How long shutdown waits for pending score submissions (the store may be down), ms. */
export const SHUTDOWN_FLUSH_MS = 10_000;

/** Where `npm run build` puts the client. */
export const DEFAULT_CLIENT_DIR = new URL('../../game-client/dist/', import.meta.url).pathname;

/**
 * Builds the game server: the lobby and a room type per mode, a health check, and the built client, all on one port.
 * Call `listen(port, host)` on the result; `gracefullyShutdown(false)` stops it without exiting.
 */
export function createGameServer(options: GameServerOptions = {}): Server {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const clientDir = options.clientDir === undefined ? DEFAULT_CLIENT_DIR : options.clientDir;
  const limits = { ...DEFAULT_SECURITY_LIMITS, ...options.security };
  configureGuestIdentity(options.jwtSecret);
  installSpectateMethod();
  const store = options.store;
  const feed = store && new LeaderboardFeed(store);
  const scores =
    store && new ScoreReporter(store, { onStored: (submission, outcome) => feed?.stored(submission, outcome) });
  let api: LeaderboardApi | undefined;
  const server = defineServer({
    transport: new MeteredTransport(new Security(limits, settings.matchSeconds)),
    greet: false,
    logger: colyseusLogger(),
    presence: options.redis?.presence,
    driver: options.redis?.driver,
    publicAddress: options.publicAddress,
    selectProcessIdToCreateRoom: selectServingProcess,
    gracefullyShutdown: !options.ownSignals,
    routes: createIdentityRouter(),
    // The lobby and one room type per game mode (shared/modes.ts); see rooms/registry.ts. Matchmaking
    // rebuilds join options first (security/joinRequest.ts), so matchSeconds is always set.
    rooms: {
      ...defineRooms(settings, { seatReservationSeconds: limits.seatReservationSeconds, scores }),
      [LEADERBOARD_ROOM]: defineRoom(LeaderboardRoom),
    },
    express: (app) => {
      mountHealth(app, [
        () => (drain.isDraining ? 'draining' : undefined),
        () => (options.redis && !options.redis.health.ready ? 'redis unreachable' : undefined),
      ]);
      mountMonitor(app, options.monitor);
      mountAnnounce(app, options.monitor);
      app.get('/metrics', async (_req, res) => {
        res.type(metrics.contentType).send(await metrics.render());
      });
      if (options.benchMode) {
        app.post('/metrics/reset', (_req, res) => {
          metrics.resetWindow();
          res.json({ ok: true });
        });
      }
      if (store) {
        api = new LeaderboardApi(store);
        app.use('/api/leaderboard', api.router);
      }
      if (clientDir && existsSync(clientDir)) app.use(serveClient(clientDir));
    },
  });
  if (scores) {
    server.onShutdown(() => {
      api?.close();
      return flushScores(scores);
    });
  }
  return server;
}

/** Waits for pending score submissions (rooms reported every seat in onBeforeShutdown), then closes the store. */
async function flushScores(scores: ScoreReporter): Promise<void> {
  if (scores.pending > 0) {
    log.warn(`leaderboard: waiting up to ${SHUTDOWN_FLUSH_MS} ms for ${scores.pending} score submission(s)`);
  }
  const lost = await scores.flush(SHUTDOWN_FLUSH_MS);
  if (lost > 0) log.error(`leaderboard: ${lost} score submission(s) lost at shutdown (store unavailable)`);
  scores.close();
  await scores.store.close();
}
