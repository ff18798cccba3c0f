import { join } from 'node:path';
import type { LeaderboardStore } from './LeaderboardStore.ts';
import { RedisLeaderboardStore } from './RedisLeaderboardStore.ts';
import { SqliteLeaderboardStore } from './SqliteLeaderboardStore.ts';

/** File name of the SQLite leaderboard under DATA_DIR. */
export const SQLITE_FILE = 'leaderboard.sqlite';

/**
 * The store the configuration asks for: Redis sorted sets when `redisUrl` is set (boards shared by
 * every process on that Redis), else one SQLite file under `dataDir`. Throws StoreUnavailableError
 * when Redis cannot be reached at start.
 */
export async function createLeaderboardStore(config: {
  dataDir: string;
  redisUrl: string | undefined;
}): Promise<LeaderboardStore> {
  if (config.redisUrl) return RedisLeaderboardStore.connect(config.redisUrl);
  return new SqliteLeaderboardStore(join(config.dataDir, SQLITE_FILE));
}
