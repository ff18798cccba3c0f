import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { HEAP_GROWING_PERCENT, isHeapGrowingSetByOperator } from '../src/heapGrowing.ts';

const MODULE = new URL('../src/heapGrowing.ts', import.meta.url).pathname;

/**
 * The old-generation growing factor V8 uses after a full GC in a fresh Node process that applies
 * heapGrowing.ts, read from V8's own trace (`[HeapController] Limit: ... (factor)`).
 */
function growingFactorAfterGc(nodeFlags: string[]): number {
  const script = `import { applyHeapGrowing } from ${JSON.stringify(MODULE)}; applyHeapGrowing(); gc();`;
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', '--trace-gc-verbose', ...nodeFlags, '--input-type=module', '-e', script],
    { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const factor = /\[HeapController\] Limit: .*\(([\d.]+)\)/.exec(output)?.[1];
  if (factor === undefined) throw new Error(`no heap limit line in V8's trace:\n${output.slice(0, 2000)}`);
  return Number(factor);
}

describe('heap growing factor', () => {
  test('the process applies its own factor, so the old generation stays near the live heap', () => {
    expect(growingFactorAfterGc([])).toBe(1 + HEAP_GROWING_PERCENT / 100);
  });

  test("an operator's own --heap-growing-percent wins", () => {
    expect(growingFactorAfterGc(['--heap-growing-percent=50'])).toBe(1.5);
  });

  test('recognizes the setting on the node command line, in either spelling', () => {
    expect(isHeapGrowingSetByOperator(['--heap-growing-percent=50'])).toBe(true);
    expect(isHeapGrowingSetByOperator(['--max-old-space-size=512', '--heap_growing_percent=30'])).toBe(true);
    expect(isHeapGrowingSetByOperator(['--import', 'tsx', '--max-old-space-size=512'])).toBe(false);
  });
});
