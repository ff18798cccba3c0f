import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File under DATA_DIR that keeps a generated signing secret between restarts. */
export const SECRET_FILE = 'jwt-secret';
/** Shortest JWT_SECRET accepted: HS256 wants at least 256 bits; 32 characters is the floor we allow. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Where the token signing secret came from (logged at start so an operator can tell): JWT_SECRET, the
 * file in DATA_DIR, generated now and written there, or generated now and kept in memory only.
 */
export type SecretSource = 'env' | 'file' | 'generated' | 'memory';

/** The secret could not be read or kept: the server must not start with tokens it cannot honour later. */
export class SecretUnavailableError extends Error {
  override name = 'SecretUnavailableError';
}

/**
 * Resolves the secret that signs guest tokens:
 * 1. `JWT_SECRET` when set (at least MIN_SECRET_LENGTH characters);
 * 2. else the secret kept in `<dataDir>/jwt-secret`;
 * 3. else a new random one, written there (mode 0600) so players stay recognised after a restart.
 * When the file can be neither read nor written, development falls back to an in-memory secret (tokens
 * end with the process) while production refuses to start: a secret that changes on every restart
 * would silently turn every returning player into a stranger.
 */
export function resolveJwtSecret(options: { secret?: string; dataDir: string; production: boolean }): {
  secret: string;
  source: SecretSource;
} {
  if (options.secret !== undefined) {
    if (options.secret.length < MIN_SECRET_LENGTH) {
      throw new SecretUnavailableError(
        `JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters, got ${options.secret.length}`,
      );
    }
    return { secret: options.secret, source: 'env' };
  }
  const path = join(options.dataDir, SECRET_FILE);
  const kept = readKeptSecret(path);
  if (kept) return { secret: kept, source: 'file' };
  const secret = randomBytes(32).toString('hex');
  try {
    mkdirSync(options.dataDir, { recursive: true });
    // 'wx' fails if another process wrote it first; then that one's secret wins.
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return { secret, source: 'generated' };
  } catch (error) {
    const winner = readKeptSecret(path);
    if (winner) return { secret: winner, source: 'file' };
    if (!options.production) return { secret, source: 'memory' };
    throw new SecretUnavailableError(
      `no JWT_SECRET is set and a generated one cannot be kept in ${path} ` +
        `(${(error as Error).message}): set JWT_SECRET or make DATA_DIR writable`,
      { cause: error },
    );
  }
}

function readKeptSecret(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text.length >= MIN_SECRET_LENGTH ? text : undefined;
  } catch {
    return undefined;
  }
}
