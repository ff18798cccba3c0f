import { describe, expect, test, vi } from 'vitest';
import { answersHealth, isAlive, startServerProcess } from './serverProcess.ts';

describe('the process', () => {
  test('SIGTERM to `npm start` reaches the server, which shuts down (no orphan left on the port)', async () => {
    const server = await startServerProcess({ via: 'npm' });
    try {
      const serverPid = server.serverPid();
      expect(serverPid).not.toBe(server.child.pid);
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));

      process.kill(server.child.pid!, 'SIGTERM');

      expect(await exited).toBe(0);
      await vi.waitFor(() => expect(isAlive(serverPid), `server process ${serverPid} alive`).toBe(false), { timeout: 10_000 });
      expect(await answersHealth(server.endpoint, 1000)).toBe(false);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
