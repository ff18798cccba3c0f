import './polyfill.ts';
import { hostname } from 'node:os';
import { createGameServer } from './app.ts';
import { ConfigError, readConfig, type Config } from './config.ts';
import { resolveJwtSecret } from './identity/jwtSecret.ts';
import { configureLogger } from './logger.ts';
import { metrics } from './metrics.ts';
import { createLeaderboardStore } from './persistence/createLeaderboardStore.ts';
import { createRedisScale, probeRedis, RedisUnavailableError, type RedisScale } from './scale/redis.ts';
import { handleSignals } from './scale/shutdown.ts';
import { startStaleSweep } from './scale/staleSweep.ts';

/** Reads the configuration, or exits 2 saying which variable is wrong. */
function loadConfig(): Config {
  try {
    return readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Orb Arena cannot start: ${error.message}\n`);
    process.exit(2);
  }
}

const config = loadConfig();
const log = configureLogger(config.log);
// Host name, not the listen address: 0.0.0.0:2567 would be the same on every machine.
metrics.setProcessLabel(config.metricsProcessLabel ?? `${hostname()}:${config.port}`);

let redis: RedisScale | undefined;
if (config.scale.redisUrl) {
  try {
    await probeRedis(config.scale.redisUrl, config.scale.redisConnectSeconds);
    redis = createRedisScale(config.scale.redisUrl);
    await redis.health.untilReady(config.scale.redisConnectSeconds);
  } catch (error) {
    if (!(error instanceof RedisUnavailableError)) throw error;
    log.fatal(error.message);
    process.stderr.write(`Orb Arena cannot start: ${error.message}\n`);
    process.exit(1);
  }
}

if (redis && !config.scale.publicAddress) {
  log.warn(
    'REDIS_URL is set without PUBLIC_ADDRESS: fine for one process; with several, rooms here cannot be joined through the others',
  );
}

const jwt = resolveJwtSecret({ ...config.persistence, secret: config.persistence.jwtSecret });
if (jwt.source === 'memory') {
  log.warn(`guest tokens: ${config.persistence.dataDir} is not writable; players are forgotten at restart`);
} else if (jwt.source !== 'env') {
  log.info(
    `guest tokens: signing secret ${jwt.source === 'file' ? 'read from' : 'generated in'} ${config.persistence.dataDir}`,
  );
}
const store = await createLeaderboardStore(config.persistence);
const server = createGameServer({
  settings: config.settings,
  benchMode: config.benchMode,
  redis,
  publicAddress: config.scale.publicAddress,
  monitor: config.monitor,
  ownSignals: true,
  jwtSecret: jwt.secret,
  security: config.security,
  store,
});
handleSignals(server, config.scale.drainSeconds);
try {
  await server.listen(config.port, config.host);
} catch (error) {
  // Exit, so that a supervisor (systemd, a container runtime, the cluster script) sees the failure.
  log.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  process.exit(1);
}
if (redis) startStaleSweep(config.scale.staleCheckSeconds);
log.info(
  { port: config.port, host: config.host, publicAddress: config.scale.publicAddress, redis: Boolean(redis) },
  `Orb Arena listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
);
