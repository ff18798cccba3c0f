import { ARENA_ROOM } from '@orb-arena/shared';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, test, vi } from 'vitest';
import { createGameClient } from '../../../game-client/src/net/gameClient.ts';
import type { ArenaRoom } from '../../src/rooms/ArenaRoom.ts';
import { ownPlayer, waitForState, type PlayerRoom } from '../harness.ts';
import { answersHealth, isAlive, startServerProcess } from './serverProcess.ts';

const CLIENT_PAGE = new URL('../../../game-client/dist/index.html', import.meta.url).pathname;

/** A process's argv and one environment variable, from /proc (what it really runs, not what was asked). */
function processLaunch(pid: number): { argv: string[]; nodeOptions: string } {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const nodeOptions = environ.find((entry) => entry.startsWith('NODE_OPTIONS='))?.slice('NODE_OPTIONS='.length) ?? '';
  return { argv, nodeOptions };
}

describe('the process', () => {
  test('a server that cannot listen (port taken) says so and exits with 1, instead of waiting for good', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      const failure = await startServerProcess({ env: { PORT: String(port) } }).then(
        async (server) => {
          await server.stop();
          return 'it started';
        },
        (error: unknown) => String(error),
      );
      expect(failure).toMatch(/server exited with 1 before listening/);
      expect(failure).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: listen EADDRINUSE`));
    } finally {
      squatter.close();
    }
  }, 60_000);

  test('SIGTERM to `npm start` reaches the server, which shuts down (no orphan left on the port)', async () => {
    const server = await startServerProcess({ via: 'npm' });
    try {
      const serverPid = server.serverPid();
      expect(serverPid).not.toBe(server.child.pid);
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));

      process.kill(server.child.pid!, 'SIGTERM');

      expect(await exited).toBe(0);
      await vi.waitFor(() => expect(isAlive(serverPid), `server process ${serverPid} alive`).toBe(false), {
        timeout: 10_000,
      });
      expect(await answersHealth(server.endpoint, 1000)).toBe(false);
    } finally {
      await server.stop();
    }
  }, 60_000);

  test('`npm start` runs the compiled bundle with plain node, serves the built client and seats a real SDK player', async () => {
    expect(existsSync(CLIENT_PAGE), `${CLIENT_PAGE} missing: run \`npm run build\` first`).toBe(true);
    const server = await startServerProcess({ via: 'npm' });
    try {
      const { argv, nodeOptions } = processLaunch(server.serverPid());
      // Exactly `node dist/index.js`: no --import/--loader, no TypeScript source, no loader smuggled in by env.
      expect(argv.slice(1)).toEqual(['dist/index.js']);
      expect(argv[0]).toMatch(/node$/);
      expect(nodeOptions).not.toMatch(/tsx|--import|--loader/);

      const page = await fetch(`${server.endpoint}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(readFileSync(CLIENT_PAGE, 'utf8'));

      const client = await createGameClient(server.endpoint, { identity: 'fresh' });
      const room = (await client.joinOrCreate<ArenaRoom>(ARENA_ROOM, { name: 'compiled' })) as PlayerRoom;
      try {
        const own = await waitForState(
          room,
          () => ownPlayer(room),
          (player) => player !== undefined,
        );
        expect(own?.name).toBe('compiled');
      } finally {
        await room.leave();
      }
    } finally {
      await server.stop();
    }
  }, 60_000);
});
