import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ArenaConnection } from '../../game-client/src/net/ArenaConnection.ts';
import { sendInputs, waitForPatches, type PlayerRoom } from './harness.ts';
import {
  freePort,
  startRedis,
  stopChild,
  watchChild,
  type Child,
  type RedisProcess,
  type ServerProcess,
} from './processes.ts';
import { clusterEnv, joinThrough, socketUrl, startClusterServer, waitForListedRoomCount } from './scaleHelpers.ts';

/*
 * deploy/nginx/orb-arena.conf.template, rendered as an operator would, run by Debian's real nginx
 * (no root: its own prefix, pid and temp paths in a temp dir, a free port) in front of two game
 * processes on one Redis. Clients only know nginx's address.
 */

const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const TEMPLATE = new URL('../../deploy/nginx/orb-arena.conf.template', import.meta.url);

/** Fills the template's ${NAME} placeholders, refusing to leave one unfilled. */
function render(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`the nginx template needs \${${name}}`);
    return value;
  });
}

/** Starts nginx in the foreground with `site` included, under a temp prefix; resolves once it proxies. */
async function startNginx(site: string, port: number): Promise<Child & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'orb-nginx-'));
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'orb-arena.conf'), site);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 256; }',
      'http {',
      '  access_log off;',
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (sub) => `  ${sub === 'body' ? 'client_body' : sub}_temp_path ${dir}/${sub};`,
      ),
      `  include ${dir}/orb-arena.conf;`,
      '}',
    ].join('\n'),
  );
  const child = watchChild(
    spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    'nginx',
  );
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.child.exitCode !== null) {
      throw new Error(
        `nginx exited ${child.child.exitCode}: ${child.output()}\n${readFileSync(join(dir, 'error.log'), 'utf8')}`,
      );
    }
    const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return { ...child, dir };
    if (Date.now() > deadline) throw new Error(`nginx did not proxy /healthz within 15 s: ${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("two processes behind Debian's nginx (deploy/nginx)", () => {
  let redis: RedisProcess;
  let servers: ServerProcess[] = [];
  let nginx: (Child & { dir: string }) | undefined;
  let endpoint: string;

  beforeAll(async () => {
    redis = await startRedis();
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    const env = clusterEnv(redis.url);
    servers = await Promise.all([1, 2].map((n) => startClusterServer(env, () => `127.0.0.1:${port}/p${n}`)));
    const site = render(readFileSync(TEMPLATE, 'utf8'), {
      LISTEN: `127.0.0.1:${port}`,
      GAME_1: `127.0.0.1:${servers[0]!.port}`,
      GAME_2: `127.0.0.1:${servers[1]!.port}`,
    });
    nginx = await startNginx(site, port);
  }, 60_000);

  afterAll(async () => {
    if (nginx) {
      await stopChild(nginx, 'SIGTERM');
      rmSync(nginx.dir, { recursive: true, force: true });
    }
    for (const server of servers) await stopChild(server, 'SIGKILL');
    await redis?.dispose();
  });

  test('clients join through nginx, each room socket reaches its own process, and patches flow', async () => {
    const first = await joinThrough(endpoint, 'first', 100);
    await waitForListedRoomCount(redis.url, 1);
    const second = await joinThrough(endpoint, 'second', 101);
    const paths = [first, second].map((connection) => new URL(socketUrl(connection)).pathname.split('/')[1]).sort();
    expect(paths).toEqual(['p1', 'p2']);
    for (const connection of [first, second] as ArenaConnection[]) {
      const room = connection.room as unknown as PlayerRoom;
      await waitForPatches(room, 5);
      expect(await sendInputs(room, { x: 0, y: 1 }, 5)).toBeGreaterThanOrEqual(5);
    }
    await Promise.all([first.leave(), second.leave()]);
  });

  test('keeps /metrics off the public address', async () => {
    expect((await fetch(`${endpoint}/metrics`)).status).toBe(404);
    expect((await fetch(`${servers[0]!.endpoint}/metrics`)).status).toBe(200);
  });
});
