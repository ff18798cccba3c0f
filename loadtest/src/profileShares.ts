/**
 * Shares of a server's busy CPU time (idle excluded) in a V8 CPU profile (`node --cpu-prof`),
 * attributed by call stack: garbage collection, the game tick, the patch (interest views + Colyseus
 * encoding and sending), the interest views alone, and inbound messages (WebSocket frame parsing,
 * the wire guard and the room's message handlers). A sample counts towards every category on its
 * stack, so the shares overlap (interest is part of patch).
 *
 * As a command: `npm run profile:shares --workspace loadtest -- FILE.cpuprofile...` prints one JSON
 * line per file, to compare a before and an after profile of the same bench.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

type Category = 'tick' | 'patch' | 'interest' | 'inbound';

/** The categories a stack frame puts its sample in. */
function categoriesOf(functionName: string, url: string, into: Set<Category>): void {
  if (url.includes('InterestManager')) into.add('interest');
  if (url.includes('ArenaRoom') && functionName === 'tick') into.add('tick');
  if (url.includes('ArenaRoom') && functionName === 'broadcastPatch') into.add('patch');
  if (url.includes('/ws/lib/receiver') || url.includes('WireGuard') || functionName === '_onMessage')
    into.add('inbound');
}

/**
 * The source file of a bundled frame: esbuild writes a `// path/to/module.ts` line before each module
 * it inlines, so a line number in the production bundle (game-server/dist/index.js) names its module.
 */
function sourceFiles(): (url: string, line: number) => string {
  const modules = new Map<string, { from: number; file: string }[]>();
  const modulesOf = (url: string) => {
    let found = modules.get(url);
    if (found) return found;
    found = [];
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    if (path.endsWith('.js') && existsSync(path)) {
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, line) => {
          const marker = /^\/\/ (\S+\.ts)$/.exec(text);
          if (marker) found.push({ from: line, file: marker[1]! });
        });
    }
    modules.set(url, found);
    return found;
  };
  return (url, line) => {
    const found = modulesOf(url);
    let file = url;
    for (let i = 0; i < found.length && found[i]!.from <= line; i++) file = found[i]!.file;
    return file;
  };
}

export function profileShares(file: string) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const sourceOf = sourceFiles();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = { busy: 0, gc: 0, tick: 0, patch: 0, interest: 0, inbound: 0 };
  const seen = new Set<Category>();
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const leaf = byId.get(id)!.callFrame;
    if (leaf.functionName === '(idle)') return;
    totals.busy += ms;
    if (leaf.functionName === '(garbage collector)') totals.gc += ms;
    seen.clear();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      categoriesOf(functionName, sourceOf(url, lineNumber), seen);
    }
    for (const key of seen) totals[key] += ms;
  });
  const share = (ms: number) => Number(((ms / totals.busy) * 100).toFixed(1));
  return {
    busyMs: Math.round(totals.busy),
    gcPercent: share(totals.gc),
    tickPercent: share(totals.tick),
    patchPercent: share(totals.patch),
    interestPercent: share(totals.interest),
    inboundPercent: share(totals.inbound),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of process.argv.slice(2)) console.log(JSON.stringify({ file, ...profileShares(file) }));
}
