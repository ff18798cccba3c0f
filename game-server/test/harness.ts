import { Client, type Room } from '@colyseus/sdk';
import type { Server } from '@colyseus/core';
import { ARENA_ROOM, type ArenaState, type JoinOptions } from '@orb-arena/shared';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGameServer, type GameServerOptions } from '../src/app.ts';

/** A real game server listening on a free loopback port, and a way to reach it. */
export interface TestServer {
  server: Server;
  port: number;
  endpoint: string;
  /** A new SDK client pointed at this server. */
  client(): Client;
  /** Joins (or creates) an arena room as `name` with extra options. */
  join(options: JoinOptions): Promise<Room<ArenaState>>;
  close(): Promise<void>;
}

/** Starts a server on port 0 (the OS picks a free one) and returns once it accepts connections. */
export async function startTestServer(options: GameServerOptions = {}): Promise<TestServer> {
  const server = createGameServer({ clientDir: null, ...options });
  await server.listen(0, '127.0.0.1');
  const httpServer = (server.transport as unknown as { server: HttpServer }).server;
  const port = (httpServer.address() as AddressInfo).port;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = () => new Client(endpoint);
  return {
    server,
    port,
    endpoint,
    client,
    join: (joinOptions) => client().joinOrCreate<ArenaState>(ARENA_ROOM, joinOptions),
    close: () => server.gracefullyShutdown(false),
  };
}

/** Resolves with the first value of `read()` that `accept` takes, checked after every state patch. */
export function waitForState<T>(
  room: Room<ArenaState>,
  read: (state: ArenaState) => T,
  accept: (value: T) => boolean,
): Promise<T> {
  return new Promise((resolve) => {
    const check = () => {
      const value = read(room.state);
      if (!accept(value)) return false;
      resolve(value);
      return true;
    };
    if (room.state && check()) return;
    const off = room.onStateChange(() => {
      if (check()) off?.();
    });
  });
}
