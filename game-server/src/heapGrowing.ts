import { setFlagsFromString } from 'node:v8';

/*
 * How far V8 lets the old generation grow past what survived the last full GC before it collects
 * again. V8 picks that factor from its GC and allocation speeds, up to 4 when the heap limit is large
 * (any machine with a few GB), and here it picks 4: at 500 players about 31 MB stayed live after a
 * full GC, but the old space grew to 90-115 MB before the next one (about 130 of the 190-290 KB of
 * RSS per player was garbage waiting for a GC; figures in the issue 12 section of BENCHMARKS.md).
 *
 * A fixed, smaller factor keeps the old space near the live heap: about 90-110 KB per player at 500.
 * The cost is more full GCs while the rooms promote a lot (7-15 in 20 s at 500 players instead of
 * 1-2; about 0.5-1 % more main-thread GC time by perf_hooks). Below the first full GC nothing changes:
 * until then V8 keeps its initial limit whatever the factor.
 */

/**
 * Old-space headroom over the heap that survived the last full GC, percent (V8's
 * `--heap-growing-percent`; 20 means collect again at 1.2x). Measured against 10, 50 and 100 at 500
 * players: 10 saved no more, 50 and 100 halved the extra full GCs but left 110-150 KB per player.
 */
export const HEAP_GROWING_PERCENT = 20;

/**
 * True when the operator already set V8's heap growing factor on the node command line: theirs wins.
 * (Node refuses it in NODE_OPTIONS, so the command line is the only place it can come from.)
 */
export function isHeapGrowingSetByOperator(execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
}

/**
 * Applies HEAP_GROWING_PERCENT to this process unless the operator set their own, so `npm start` and
 * the Procfile need no Node flag. V8 reads the setting at every full GC, so applying it at start-up
 * (before the server is built) covers the whole life of the process.
 * @returns whether the process's own setting was applied
 */
export function applyHeapGrowing(execArgv: readonly string[] = process.execArgv): boolean {
  if (isHeapGrowingSetByOperator(execArgv)) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
