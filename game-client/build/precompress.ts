import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Files worth compressing: text formats. Images like PNG are compressed already. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map|wasm)$/;
/** Smaller files are sent as they are: the saving would not pay for the extra file. */
const MIN_BYTES = 1024;

/** What precompressDir wrote for one file, bytes. */
export interface CompressedFile {
  file: string;
  raw: number;
  brotli: number;
  gzip: number;
}

/** Every file under `dir`, recursively, as paths relative to it. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const relative = join(prefix, name);
    return statSync(join(dir, relative)).isDirectory() ? listFiles(dir, relative) : [relative];
  });
}

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) next to every compressible
 * file of at least MIN_BYTES under `dir`, so the server can send them without compressing per request.
 * Skips files that are themselves .br/.gz. Returns what it wrote.
 */
export function precompressDir(dir: string): CompressedFile[] {
  const written: CompressedFile[] = [];
  for (const file of listFiles(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const path = join(dir, file);
    const raw = readFileSync(path);
    if (raw.length < MIN_BYTES) continue;
    const brotli = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const gzip = gzipSync(raw, { level: 9 });
    writeFileSync(`${path}.br`, brotli);
    writeFileSync(`${path}.gz`, gzip);
    written.push({ file, raw: raw.length, brotli: brotli.length, gzip: gzip.length });
  }
  return written;
}

/** Vite plugin: precompresses the build output after it is written (build only, not the dev server). */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'orb-arena:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir.startsWith('/') ? config.build.outDir : join(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = precompressDir(outDir);
      const total = (key: 'raw' | 'brotli' | 'gzip') => files.reduce((sum, file) => sum + file[key], 0);
      this.info(
        `precompressed ${files.length} files: ${(total('raw') / 1024).toFixed(1)} KB → ` +
          `${(total('brotli') / 1024).toFixed(1)} KB brotli, ${(total('gzip') / 1024).toFixed(1)} KB gzip`,
      );
    },
  };
}
