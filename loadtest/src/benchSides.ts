/**
 * The checkouts `npm run bench` measures ("sides"): this one, and a baseline commit with its own server
 * and its own bench worker (each speaks its own input format). Run through tsx, a side is TypeScript
 * source (the baseline from a temporary git worktree); run from the device kit (deviceKit.ts), every
 * side is a prebuilt bundle beside this module's own, and nothing needs tsx, node_modules or git.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServerProcess } from './serverProcess.ts';

/** A checkout to measure: its server and its bench worker. */
export interface Side {
  label: string;
  startServer: typeof startServerProcess;
  /** benchWorker of that checkout, and the folder to run it in (its node_modules resolve from there). */
  workerEntry: string;
  workerDir: string;
}

/** True when this module runs from the device kit's bundle (bench.mjs), not from TypeScript source. */
export const BUNDLED = import.meta.url.endsWith('.mjs');

/** File names of one side in the kit: `now/` and `baseline/` each hold them. */
export const KIT_FILES = {
  bench: 'bench.mjs',
  worker: 'benchWorker.mjs',
  bareWs: 'benchBareWs.mjs',
  server: 'server.mjs',
} as const;

/** kit.json, at the kit's root: what the bundles were built from. */
export interface KitManifest {
  builtAt: string;
  node: string;
  now: { commit: string };
  baseline: { ref: string; commit: string } | null;
}

/** The loadtest workspace (source), or the kit's `now/` folder (bundled). */
const OWN_DIR = new URL(BUNDLED ? './' : '..', import.meta.url).pathname;
/** The repository above the loadtest workspace (source only). */
const REPO_ROOT = new URL('../..', import.meta.url).pathname;
/** Workspaces whose own node_modules (if any) a baseline worktree needs too. */
const WORKSPACES = ['shared', 'game-server', 'game-client', 'loadtest'];

/** A bench child entry of this checkout: the TypeScript source, or its bundle in the kit. */
export const ownEntry = (name: 'benchWorker' | 'benchBareWs') =>
  new URL(`./${name}.${BUNDLED ? 'mjs' : 'ts'}`, import.meta.url).pathname;

/** A side that runs the kit's bundles in `dir` (the server self-contained, natives from the kit's node_modules). */
function kitSide(label: string, dir: string): Side {
  return {
    label,
    startServer: (options) => startServerProcess({ ...options, entryFile: join(dir, KIT_FILES.server) }),
    workerEntry: join(dir, KIT_FILES.worker),
    workerDir: dir,
  };
}

export const NOW: Side = BUNDLED
  ? kitSide('now', OWN_DIR)
  : { label: 'now', startServer: startServerProcess, workerEntry: ownEntry('benchWorker'), workerDir: OWN_DIR };

/** A commit checked out in a temporary worktree, with node_modules hard-linked from this checkout. */
export interface Checkout {
  dir: string;
  /** Short commit id. */
  commit: string;
  /** Removes the worktree (safe to call twice). */
  remove(): void;
}

/**
 * Checks `ref` out in a temporary worktree with node_modules hard-linked from this checkout (`cp -al`,
 * not a symlink: the workspace links in node_modules are relative, so through a symlink they would
 * resolve to this checkout's packages). `register` gets the removal before anything is made, so an
 * exit at any point can run it.
 */
export function checkOutRef(ref: string, register: (remove: () => void) => void = () => undefined): Checkout {
  const dir = mkdtempSync(join(tmpdir(), 'orb-bench-baseline-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', REPO_ROOT, ...args], { stdio: 'pipe' });
  const remove = () => {
    try {
      git('worktree', 'remove', '--force', dir);
    } catch {
      // not added, or already gone
    }
    rmSync(dir, { recursive: true, force: true });
    try {
      git('worktree', 'prune');
    } catch {
      // nothing to prune
    }
  };
  register(remove);
  try {
    git('worktree', 'add', '--detach', dir, ref);
    const commit = git('rev-parse', '--short', `${ref}^{commit}`).toString().trim();
    for (const folder of ['', ...WORKSPACES]) {
      const source = join(REPO_ROOT, folder, 'node_modules');
      if (!existsSync(source)) continue;
      try {
        execFileSync('cp', ['-al', source, join(dir, folder, 'node_modules')], { stdio: 'pipe' });
      } catch {
        // Hard links need one file system; a copy does the same, slower.
        cpSync(source, join(dir, folder, 'node_modules'), { recursive: true, verbatimSymlinks: true });
      }
    }
    return { dir, commit, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/**
 * The side that measures `ref`: from source, a worktree of it (its own serverProcess.ts, so the server
 * runs as that commit ran it); from the kit, the baseline bundles built into it (`ref` must be the one
 * the kit was built for). `register` gets the removal of what is made for it.
 */
export async function openBaseline(ref: string, register: (remove: () => void) => void): Promise<Side> {
  if (BUNDLED) {
    const kitDir = new URL('../', import.meta.url).pathname;
    const manifest = JSON.parse(readFileSync(join(kitDir, 'kit.json'), 'utf8')) as KitManifest;
    const { baseline } = manifest;
    if (!baseline || !(baseline.ref === ref || ref.startsWith(baseline.commit) || baseline.commit.startsWith(ref))) {
      throw new Error(
        `--baseline ${ref}: this kit holds ${baseline ? `${baseline.ref} (${baseline.commit})` : 'no baseline'}; rebuild it with npm run device:kit -- --baseline ${ref}`,
      );
    }
    return kitSide(`baseline ${ref} (${baseline.commit})`, join(kitDir, 'baseline'));
  }
  const checkout = checkOutRef(ref, register);
  const serverModule = (await import(pathToFileURL(join(checkout.dir, 'loadtest/src/serverProcess.ts')).href)) as {
    startServerProcess: typeof startServerProcess;
  };
  return {
    label: `baseline ${ref} (${checkout.commit})`,
    startServer: serverModule.startServerProcess,
    workerEntry: join(checkout.dir, 'loadtest/src/benchWorker.ts'),
    workerDir: join(checkout.dir, 'loadtest'),
  };
}
