// `npm run build --workspace game-server`: bundles the server into dist/index.js, which production runs
// with plain `node` (no TypeScript loader: less memory, no transform at start). The workspace's own
// TypeScript (game-server/src, shared/src) is bundled in; every package from node_modules stays an
// import, resolved at run time as under tsx (native addons, package-relative files, one copy of each).
//
// The options mirror what tsx does for `node --import tsx src/index.ts`, so the bundle behaves the same:
// esbuild reads the same tsconfig files (class fields, decorators), names are kept, and the target is
// the Node version the project runs on.
//
// dist/ sits at the same depth as src/, so `new URL('../../…', import.meta.url)` in config.ts and app.ts
// (the data folder, the built client) points at the same place from the bundle as from the source.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';

const root = new URL('./', import.meta.url).pathname;
/** The compiled production entry; loadtest/src/serverProcess.ts, scripts/cluster.mjs and the Procfile run it. */
const OUTFILE = `${root}dist/index.js`;

/** Our own workspace packages (TypeScript source, no build of their own): bundled, not imported. */
const WORKSPACE_PACKAGE = /^@orb-arena\//;

const result = await build({
  entryPoints: [`${root}src/index.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.11',
  keepNames: true,
  write: false,
  outfile: OUTFILE,
  logLevel: 'warning',
  plugins: [
    {
      name: 'node-modules-external',
      setup(esbuild) {
        // Any bare specifier but our own packages: left as an import for Node to resolve.
        esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
          WORKSPACE_PACKAGE.test(args.path) ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});

// Written aside, then renamed over the old bundle: a server starting meanwhile (tests build and start
// in parallel) never reads a half-written file.
mkdirSync(dirname(OUTFILE), { recursive: true });
for (const file of result.outputFiles) {
  const aside = `${file.path}.${process.pid}.tmp`;
  writeFileSync(aside, file.contents);
  renameSync(aside, file.path);
}
