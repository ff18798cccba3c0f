import { defineRoom, defineServer, type Server } from '@colyseus/core';
import { ARENA_ROOM } from '@orb-arena/shared';
import express from 'express';
import { existsSync } from 'node:fs';
import { DEFAULT_SETTINGS, type ServerSettings } from './config.ts';
import { metrics } from './metrics.ts';
import { MeteredTransport } from './MeteredTransport.ts';
import { ArenaRoom } from './rooms/ArenaRoom.ts';
import { installSpectateMethod } from './rooms/spectateMatchmaking.ts';

export interface GameServerOptions {
  /** Room settings; missing ones take DEFAULT_SETTINGS. */
  settings?: Partial<ServerSettings> & { seed?: number };
  /** Adds POST /metrics/reset for the benchmark. @default false */
  benchMode?: boolean;
  /** Folder of the built client to serve at `/`; null serves none. @default game-client/dist */
  clientDir?: string | null;
}

/** Where `npm run build` puts the client. */
export const DEFAULT_CLIENT_DIR = new URL('../../game-client/dist/', import.meta.url).pathname;

/**
 * Builds the game server: the `arena` room, a health check, and the built client, all on one port.
 * Call `listen(port, host)` on the result; `gracefullyShutdown(false)` stops it without exiting.
 */
export function createGameServer(options: GameServerOptions = {}): Server {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const clientDir = options.clientDir === undefined ? DEFAULT_CLIENT_DIR : options.clientDir;
  installSpectateMethod();
  return defineServer({
    transport: new MeteredTransport(),
    greet: false,
    rooms: {
      // Rooms are matched on matchSeconds so quick play never lands in a custom-length room.
      [ARENA_ROOM]: defineRoom(ArenaRoom, { settings }).filterBy(['matchSeconds']),
    },
    express: (app) => {
      app.get('/healthz', (_req, res) => {
        res.json({ ok: true });
      });
      app.get('/metrics', (_req, res) => {
        res.type('text/plain; version=0.0.4').send(metrics.render());
      });
      if (options.benchMode) {
        app.post('/metrics/reset', (_req, res) => {
          metrics.resetWindow();
          res.json({ ok: true });
        });
      }
      if (clientDir && existsSync(clientDir)) app.use(express.static(clientDir));
    },
  });
}
