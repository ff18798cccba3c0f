import './polyfill.ts';
import { logger } from '@colyseus/core';
import { createGameServer } from './app.ts';
import { readConfig } from './config.ts';

const config = readConfig();
const server = createGameServer({
  settings: config.settings,
  benchMode: config.benchMode,
  security: config.security,
});
await server.listen(config.port, config.host);
logger.info(`Orb Arena listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`);
