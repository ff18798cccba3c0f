import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const CLI = new URL('../src/lagProxyCli.ts', import.meta.url).pathname;

test.each(['--help', '-h'])('`lagproxy %s` prints the options and exits 0', async (flag) => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI, flag]);
  expect(stdout).toContain('usage: npm run lagproxy');
  expect(stdout).toContain('--bandwidth <bytes/s>');
});

test('an unknown option still fails with the reason', async () => {
  const failure = (await run(process.execPath, ['--import', 'tsx', CLI, '--nope']).catch(
    (error: unknown) => error,
  )) as {
    code: number;
    stderr: string;
  };
  expect(failure.code).toBe(2);
  expect(failure.stderr).toContain("Unknown option '--nope'");
});
