import { setFlagsFromString } from 'node:v8';

/*
 * How far V8 lets the old generation grow past what survived the last full GC before it collects
 * again. V8 picks that factor itself, between 1.1 and 4 (4 whenever the heap limit is large, as on any
 * machine with a few GB), and under load it picks 4: measured at 500 players (BENCHMARKS.md, issue
 * 12), about 31 MB stayed live after a full GC but the old space grew to 100-150 MB before the next
 * one, so most of the server's memory per player was garbage waiting for a GC. The ramp's own garbage
 * (joins, first full states) sat there for good, since a steady room promotes too little to reach
 * the limit again.
 *
 * A fixed, smaller factor keeps the old space near the live heap. The cost is more full GCs, and a
 * full GC here is short (a few ms of pause, the marking runs on the other thread): no CPU difference
 * was measurable at 500 players (interleaved A/B in the same run).
 */

/**
 * Old-space headroom over the heap that survived the last full GC, percent (V8's
 * `--heap-growing-percent`; 20 means collect again at 1.2x). Chosen from 10/20/50 at 500 players:
 * 20 keeps the memory per player under the 100 KB target with no CPU difference measurable.
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
