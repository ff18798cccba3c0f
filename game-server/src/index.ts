import './polyfill.ts';
import { logger } from '@colyseus/core';
import { createGameServer } from './app.ts';
import { readConfig } from './config.ts';
import { resolveJwtSecret } from './identity/jwtSecret.ts';
import { createLeaderboardStore } from './persistence/createLeaderboardStore.ts';

const config = readConfig();
const jwt = resolveJwtSecret({ ...config.persistence, secret: config.persistence.jwtSecret });
if (jwt.source === 'memory') {
  logger.warn(`guest tokens: ${config.persistence.dataDir} is not writable; players are forgotten at restart`);
} else if (jwt.source !== 'env') {
  logger.info(
    `guest tokens: signing secret ${jwt.source === 'file' ? 'read from' : 'generated in'} ${config.persistence.dataDir}`,
  );
}
const store = await createLeaderboardStore(config.persistence);
const server = createGameServer({
  settings: config.settings,
  benchMode: config.benchMode,
  jwtSecret: jwt.secret,
  store,
});
await server.listen(config.port, config.host);
logger.info(`Orb Arena listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`);
