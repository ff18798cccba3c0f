import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SECRET_FILE, SecretUnavailableError, resolveJwtSecret } from '../src/identity/jwtSecret.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orb-secret-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A data folder that can never be created, even by root: its parent is a plain file. */
function impossibleDataDir(): string {
  writeFileSync(join(dir, 'a-file'), '');
  return join(dir, 'a-file', 'data');
}

describe('the guest token secret', () => {
  test('JWT_SECRET wins over a kept one', () => {
    writeFileSync(join(dir, SECRET_FILE), 'k'.repeat(64));
    expect(resolveJwtSecret({ secret: 's'.repeat(40), dataDir: dir, production: true })).toEqual({
      secret: 's'.repeat(40),
      source: 'env',
    });
  });

  test('a JWT_SECRET shorter than 32 characters stops start-up', () => {
    expect(() => resolveJwtSecret({ secret: 'short', dataDir: dir, production: false })).toThrow(
      new SecretUnavailableError('JWT_SECRET must be at least 32 characters, got 5'),
    );
  });

  test('without JWT_SECRET a secret is generated once, kept owner-only, and read back after a restart', () => {
    const first = resolveJwtSecret({ dataDir: join(dir, 'nested'), production: true });
    expect(first.source).toBe('generated');
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, 'nested', SECRET_FILE)).mode & 0o777).toBe(0o600);

    expect(resolveJwtSecret({ dataDir: join(dir, 'nested'), production: true })).toEqual({
      secret: first.secret,
      source: 'file',
    });
  });

  test('production refuses to start when a generated secret cannot be kept', () => {
    const dataDir = impossibleDataDir();
    expect(() => resolveJwtSecret({ dataDir, production: true })).toThrow(SecretUnavailableError);
    expect(() => resolveJwtSecret({ dataDir, production: true })).toThrow(
      /^no JWT_SECRET is set and a generated one cannot be kept in .*a-file\/data\/jwt-secret \(ENOTDIR.*\): set JWT_SECRET or make DATA_DIR writable$/,
    );
  });

  test('development falls back to a secret in memory when it cannot be kept', () => {
    const resolved = resolveJwtSecret({ dataDir: impossibleDataDir(), production: false });
    expect(resolved.source).toBe('memory');
    expect(resolved.secret).toMatch(/^[0-9a-f]{64}$/);
  });
});
