import './polyfill.ts';
import { createGameServer } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { resolveJwtSecret } from './identity/jwtSecret.ts';
import { configureLogger } from './logger.ts';
import { metrics } from './metrics.ts';
import { createLeaderboardStore } from './persistence/createLeaderboardStore.ts';

let config;
try {
  config = readConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Orb Arena cannot start: ${error.message}\n`);
  process.exit(2);
}
const log = configureLogger(config.log);
metrics.setProcessLabel(config.metricsProcessLabel ?? `${config.host}:${config.port}`);
const jwt = resolveJwtSecret({ ...config.persistence, secret: config.persistence.jwtSecret });
if (jwt.source === 'memory') {
  log.warn(`guest tokens: ${config.persistence.dataDir} is not writable; players are forgotten at restart`);
} else if (jwt.source !== 'env') {
  log.info(`guest tokens: signing secret ${jwt.source === 'file' ? 'read from' : 'generated in'} ${config.persistence.dataDir}`);
}
const store = await createLeaderboardStore(config.persistence);
const server = createGameServer({
  settings: config.settings,
  benchMode: config.benchMode,
  jwtSecret: jwt.secret,
  store,
});
await server.listen(config.port, config.host);
log.info(
  { port: config.port, host: config.host },
  `Orb Arena listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`,
);
