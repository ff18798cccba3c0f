import Database from 'better-sqlite3';
import { LeaderboardPeriod, periodKey, type LeaderboardRow } from '@orb-arena/shared';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  StoreUnavailableError,
  boardInstances,
  normalizeScore,
  secondToMs,
  type BoardPage,
  type BoardRef,
  type LeaderboardStore,
  type ScoreSubmission,
  type SubmitOutcome,
} from './LeaderboardStore.ts';

/** How long submission keys and finished daily/weekly boards are kept, ms (longer than any retry). */
const RETENTION_MS = 35 * 86_400_000;
/** How often old rows are pruned (on a submission, at most this often), ms. */
const PRUNE_EVERY_MS = 3_600_000;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS scores (
    mode TEXT NOT NULL, period_key TEXT NOT NULL, player_id TEXT NOT NULL,
    score INTEGER NOT NULL, second INTEGER NOT NULL,
    PRIMARY KEY (mode, period_key, player_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS scores_rank ON scores (mode, period_key, score DESC, second, player_id);
  CREATE TABLE IF NOT EXISTS players (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS submissions (key TEXT PRIMARY KEY, score INTEGER NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Rows of the rank order: higher score, then earlier second, then player id. */
const ORDER = 'ORDER BY s.score DESC, s.second ASC, s.player_id ASC';

interface ScoreRow {
  player_id: string;
  name: string | null;
  score: number;
  second: number;
}

/**
 * The default leaderboard store: one SQLite file (WAL, so reads never wait for the writer), no service
 * to run. Every submission is one transaction. Finished daily and weekly boards are pruned after
 * RETENTION_MS. One process writes the file; use RedisLeaderboardStore to share boards between processes.
 */
export class SqliteLeaderboardStore implements LeaderboardStore {
  private readonly db: Database.Database;
  private readonly now: () => number;
  private lastPrune = -Infinity;
  private readonly statements;

  /** Opens (or creates) the file at `path`; `now` is the clock reads use. @default now Date.now */
  constructor(path: string, options: { now?: () => number } = {}) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Queries run on the game's thread: wait at most 250 ms for a lock another process holds, then
    // fail (StoreUnavailableError) and let the reporter retry, rather than stall every room's tick.
    this.db.pragma('busy_timeout = 250');
    this.db.exec(SCHEMA);
    this.now = options.now ?? Date.now;
    this.statements = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      previous: db.prepare<[string], { score: number }>('SELECT score FROM submissions WHERE key = ?'),
      remember: db.prepare('INSERT OR REPLACE INTO submissions (key, score, at) VALUES (?, ?, ?)'),
      name: db.prepare(
        'INSERT INTO players (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
      ),
      // Only a strictly higher score replaces the best: a resubmission keeps the earlier time.
      best: db.prepare(
        `INSERT INTO scores (mode, period_key, player_id, score, second) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (mode, period_key, player_id) DO UPDATE SET score = excluded.score, second = excluded.second
         WHERE excluded.score > scores.score`,
      ),
      page: db.prepare<[string, string, number, number], ScoreRow>(
        `SELECT s.player_id, p.name, s.score, s.second FROM scores s LEFT JOIN players p ON p.id = s.player_id
         WHERE s.mode = ? AND s.period_key = ? ${ORDER} LIMIT ? OFFSET ?`,
      ),
      count: db.prepare<[string, string], { n: number }>(
        'SELECT COUNT(*) AS n FROM scores WHERE mode = ? AND period_key = ?',
      ),
      own: db.prepare<[string, string, string], ScoreRow>(
        `SELECT s.player_id, p.name, s.score, s.second FROM scores s LEFT JOIN players p ON p.id = s.player_id
         WHERE s.mode = ? AND s.period_key = ? AND s.player_id = ?`,
      ),
      ahead: db.prepare<[string, string, number, number, number, number, string], { n: number }>(
        `SELECT COUNT(*) AS n FROM scores WHERE mode = ? AND period_key = ?
         AND (score > ? OR (score = ? AND (second < ? OR (second = ? AND player_id < ?))))`,
      ),
      pruneScores: db.prepare("DELETE FROM scores WHERE period_key != 'all' AND substr(period_key, 2) < ?"),
      pruneSubmissions: db.prepare('DELETE FROM submissions WHERE at < ?'),
    };
  }

  submit(submission: ScoreSubmission): Promise<SubmitOutcome> {
    return this.run(() => {
      const { score, second } = normalizeScore(submission);
      const outcome = this.db.transaction((): SubmitOutcome => {
        const previous = this.statements.previous.get(submission.key);
        if (previous && previous.score >= score) return { duplicate: true, improved: [] };
        this.statements.remember.run(submission.key, score, submission.achievedAt);
        this.statements.name.run(submission.playerId, submission.name);
        const improved = boardInstances(submission.achievedAt).filter(
          ([, key]) => this.statements.best.run(submission.mode, key, submission.playerId, score, second).changes > 0,
        );
        return { duplicate: false, improved: improved.map(([period]) => period) };
      })();
      this.pruneNow();
      return outcome;
    });
  }

  top(board: BoardRef, page: { limit: number; offset: number }): Promise<BoardPage> {
    return this.run(() => {
      const key = periodKey(board.period, this.now());
      const rows = this.statements.page.all(board.mode, key, page.limit, page.offset);
      return {
        total: this.statements.count.get(board.mode, key)!.n,
        rows: rows.map((row, i) => toRow(row, page.offset + i + 1)),
      };
    });
  }

  rowOf(board: BoardRef, playerId: string): Promise<LeaderboardRow | null> {
    return this.run(() => {
      const key = periodKey(board.period, this.now());
      const own = this.statements.own.get(board.mode, key, playerId);
      if (!own) return null;
      const args = [board.mode, key, own.score, own.score, own.second, own.second, playerId] as const;
      return toRow(own, this.statements.ahead.get(...args)!.n + 1);
    });
  }

  ping(): Promise<void> {
    return this.run(() => undefined);
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  /** Runs a synchronous query as a promise; a failure becomes StoreUnavailableError with the cause. */
  private run<T>(query: () => T): Promise<T> {
    try {
      if (!this.db.open) throw new Error('the database is closed');
      return Promise.resolve(query());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return Promise.reject(new StoreUnavailableError(`sqlite leaderboard: ${reason}`, { cause: error }));
    }
  }

  private pruneNow(): void {
    const now = this.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    // Keys sort by date ("d2026-11-30" > "d2026-10-01"), so one comparison finds old boards.
    const cutoff = periodKey(LeaderboardPeriod.Daily, now - RETENTION_MS).slice(1);
    this.statements.pruneScores.run(cutoff);
    this.statements.pruneSubmissions.run(now - RETENTION_MS);
  }
}

function toRow(row: ScoreRow, rank: number): LeaderboardRow {
  return { rank, playerId: row.player_id, name: row.name ?? '', score: row.score, achievedAt: secondToMs(row.second) };
}
