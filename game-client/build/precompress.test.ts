import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, expect, test } from 'vitest';
import { precompressDir } from './precompress.ts';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

test('writes .br and .gz next to every text file big enough to gain, which decompress to the original', () => {
  dir = mkdtempSync(join(tmpdir(), 'orb-precompress-'));
  mkdirSync(join(dir, 'assets'));
  const script = 'const orb = 1;\n'.repeat(400);
  writeFileSync(join(dir, 'assets', 'index-abc.js'), script);
  writeFileSync(join(dir, 'tiny.css'), 'a{}');
  writeFileSync(join(dir, 'picture.png'), Buffer.alloc(4096, 1));
  const written = precompressDir(dir);
  expect(written.map((file) => file.file)).toEqual([join('assets', 'index-abc.js')]);
  const path = join(dir, 'assets', 'index-abc.js');
  expect(brotliDecompressSync(readFileSync(`${path}.br`)).toString()).toBe(script);
  expect(gunzipSync(readFileSync(`${path}.gz`)).toString()).toBe(script);
  expect(written[0]!.brotli).toBeLessThan(written[0]!.raw);
  expect(existsSync(join(dir, 'tiny.css.br'))).toBe(false);
  expect(existsSync(join(dir, 'picture.png.br'))).toBe(false);
  // Running again does not compress the compressed files.
  expect(precompressDir(dir)).toHaveLength(1);
});
