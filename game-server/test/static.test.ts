import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { IMMUTABLE_CACHE, REVALIDATE_CACHE, acceptedEncodings } from '../src/http/staticClient.ts';
import { startTestServer, type TestServer } from './harness.ts';

/*
 * The built client as the server sends it: precompressed variants chosen by Accept-Encoding, hashed
 * assets cached for a year, the page revalidated. Raw HTTP (node:http), so nothing decodes for us.
 */

const SCRIPT = `console.log(${JSON.stringify('orb '.repeat(500))});\n`;
const PAGE = '<!doctype html><title>Orb Arena</title><script type="module" src="/assets/app-1a2b3c.js"></script>';
let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orb-client-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  writeFileSync(join(dir, 'assets', 'app-1a2b3c.js'), SCRIPT);
  writeFileSync(join(dir, 'assets', 'app-1a2b3c.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(dir, 'assets', 'app-1a2b3c.js.gz'), gzipSync(SCRIPT));
  server = await startTestServer({ clientDir: dir });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string, acceptEncoding?: string) {
  // Node's fetch would decode (and it always asks for gzip/br): use the raw bytes.
  const { request } = await import('node:http');
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      const req = request(`${server.endpoint}${path}`, {
        headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('serving the built client', () => {
  test('sends the brotli file to a browser that accepts br, with the JavaScript type and a year of cache', async () => {
    const response = await get('/assets/app-1a2b3c.js', 'gzip, deflate, br');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers['cache-control']).toBe(IMMUTABLE_CACHE);
    expect(response.headers.vary).toMatch(/Accept-Encoding/);
    expect(brotliDecompressSync(response.body).toString()).toBe(SCRIPT);
    expect(response.body.length).toBeLessThan(SCRIPT.length / 4);
  });

  test('sends gzip when br is not accepted, and the plain file when nothing is', async () => {
    const gzip = await get('/assets/app-1a2b3c.js', 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toBe(SCRIPT);
    const plain = await get('/assets/app-1a2b3c.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    const refused = await get('/assets/app-1a2b3c.js', 'br;q=0, gzip;q=0');
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  test('the page is revalidated on every visit, so a new deploy reaches players at once', async () => {
    const response = await get('/', 'br');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/html/);
    expect(response.headers['cache-control']).toBe(REVALIDATE_CACHE);
    expect(response.body.toString()).toBe(PAGE);
  });

  test('paths outside the client folder and missing files are not served', async () => {
    expect((await get('/assets/missing.js', 'br')).status).toBe(404);
    expect((await get('/..%2Fpackage.json')).status).toBe(404);
    expect((await get('/healthz')).body.toString()).toContain('ok');
  });
});

test.each([
  ['gzip, deflate, br', ['gzip', 'deflate', 'br']],
  ['br;q=0, gzip', ['gzip']],
  ['GZIP;q=0.5', ['gzip']],
  ['', []],
  [undefined, []],
])('Accept-Encoding %j allows %j', (header, encodings) => {
  expect([...acceptedEncodings(header)]).toEqual(encodings);
});
