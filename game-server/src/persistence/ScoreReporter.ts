import { log } from '../logger.ts';
import { metrics as processMetrics, type GameMetrics } from '../metrics.ts';
import {
  StoreUnavailableError,
  type LeaderboardStore,
  type ScoreSubmission,
  type SubmitOutcome,
} from './LeaderboardStore.ts';

/** Tuning of the reporter; every field has a default. */
export interface ScoreReporterOptions {
  /** Most submissions pending (queued or in flight); past it the oldest queued is dropped (and counted). @default 10_000 */
  maxQueue?: number;
  /** First retry delay after a failure, ms; it doubles per failure up to maxDelayMs. @default 100 */
  baseDelayMs?: number;
  /** @default 5_000 */
  maxDelayMs?: number;
  /** Submissions sent to the store at once. @default 64 */
  concurrency?: number;
  metrics?: GameMetrics;
  /** Called after each stored (non-duplicate) submission, e.g. to announce a changed top. */
  onStored?: (submission: ScoreSubmission, outcome: SubmitOutcome) => void;
}

/** Longest wait between retries while flush() is awaited, ms. */
const FLUSH_RETRY_MS = 500;

interface Pending {
  submission: ScoreSubmission;
  waiters: ((outcome: SubmitOutcome | null) => void)[];
}

/**
 * Carries scores from rooms to the LeaderboardStore so that a store failure never reaches a match:
 * report() never throws, holds the submission while the store is down (a bounded queue, oldest dropped
 * first), retries with exponential backoff, and keeps one submission per key (the higher score) so a
 * round end and a leave of the same round are stored once. flush() waits for everything pending:
 * the server awaits it before the process exits.
 */
export class ScoreReporter {
  private readonly queue = new Map<string, Pending>();
  private readonly inFlight = new Set<Pending>();
  private readonly options: Required<Omit<ScoreReporterOptions, 'metrics' | 'onStored'>>;
  private readonly onStored: ScoreReporterOptions['onStored'];
  private readonly metrics: GameMetrics;
  private delayMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private pumping = false;
  /** While someone awaits flush(), retries come at least this often (ms): shutdown has a deadline. */
  private flushing = 0;
  private idle: (() => void)[] = [];

  constructor(
    readonly store: LeaderboardStore,
    options: ScoreReporterOptions = {},
  ) {
    this.options = { maxQueue: 10_000, baseDelayMs: 100, maxDelayMs: 5_000, concurrency: 64, ...options };
    this.metrics = options.metrics ?? processMetrics;
    this.onStored = options.onStored;
  }

  /** Submissions not yet stored (queued or on their way). */
  get pending(): number {
    return this.queue.size + this.inFlight.size;
  }

  /**
   * Queues a submission; resolves with what the store did, or null if it was dropped (queue full, a
   * store error that is not an outage, or close()). Never rejects. A score of 0 is not submitted.
   */
  report(submission: ScoreSubmission): Promise<SubmitOutcome | null> {
    if (submission.score <= 0) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiting = this.queue.get(submission.key);
      if (waiting) {
        if (submission.score > waiting.submission.score) waiting.submission = submission;
        waiting.waiters.push(resolve);
      } else {
        this.queue.set(submission.key, { submission, waiters: [resolve] });
        this.dropOverflow();
      }
      this.updateGauge();
      if (!this.timer) void this.pump();
    });
  }

  /**
   * Resolves once nothing is pending, or after `timeoutMs` with the number still pending (then logged
   * as lost by the caller). Retries go on meanwhile, without waiting out the current backoff.
   */
  async flush(timeoutMs: number): Promise<number> {
    if (this.pending === 0) return 0;
    if (this.timer) this.retryNow();
    let timeout: NodeJS.Timeout | undefined;
    this.flushing++;
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.idle.push(resolve)),
        new Promise<void>((resolve) => (timeout = setTimeout(resolve, timeoutMs))),
      ]);
    } finally {
      this.flushing--;
      clearTimeout(timeout);
    }
    return this.pending;
  }

  /** Stops retrying and resolves every waiter with null (what is pending is lost). */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const entry of this.queue.values()) this.settle(entry, null);
    this.queue.clear();
    this.updateGauge();
    if (this.pending === 0) this.idle.splice(0).forEach((resolve) => resolve());
  }

  /** Sends queued submissions, `concurrency` at a time, until the queue is empty or the store fails. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.size > 0) {
        const batch = [...this.queue.values()].slice(0, this.options.concurrency);
        for (const entry of batch) {
          this.queue.delete(entry.submission.key);
          this.inFlight.add(entry);
        }
        const down = (await Promise.all(batch.map((entry) => this.send(entry)))).some((ok) => !ok);
        if (down) return this.scheduleRetry();
        this.delayMs = 0;
      }
    } finally {
      this.pumping = false;
      if (this.pending === 0) this.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  /** One submission; false when the store is down (the entry goes back to the queue). */
  private async send(entry: Pending): Promise<boolean> {
    try {
      const outcome = await this.store.submit(entry.submission);
      this.inFlight.delete(entry);
      this.metrics.countStoreSubmission(outcome.duplicate ? 'duplicate' : 'stored');
      if (!outcome.duplicate) this.onStored?.(entry.submission, outcome);
      this.settle(entry, outcome);
      return true;
    } catch (error) {
      this.inFlight.delete(entry);
      if (error instanceof StoreUnavailableError) {
        this.requeue(entry);
        return false;
      }
      this.metrics.countStoreSubmission('failed');
      log.error(`leaderboard: dropped submission ${entry.submission.key}: ${(error as Error).message}`);
      this.settle(entry, null);
      return true;
    }
  }

  private requeue(entry: Pending): void {
    const newer = this.queue.get(entry.submission.key);
    if (newer) {
      // Reported again while in flight: keep the higher score and every waiter.
      if (entry.submission.score > newer.submission.score) newer.submission = entry.submission;
      newer.waiters.push(...entry.waiters);
    } else {
      this.queue.set(entry.submission.key, entry);
      this.dropOverflow();
    }
  }

  private scheduleRetry(): void {
    const maxDelayMs = this.flushing > 0 ? Math.min(FLUSH_RETRY_MS, this.options.maxDelayMs) : this.options.maxDelayMs;
    this.delayMs = Math.min(maxDelayMs, this.delayMs === 0 ? this.options.baseDelayMs : this.delayMs * 2);
    this.metrics.countStoreSubmission('retried');
    if (this.delayMs >= maxDelayMs) {
      log.warn(
        `leaderboard: store unavailable, ${this.pending} submission(s) waiting; retrying every ${this.delayMs} ms`,
      );
    }
    this.updateGauge();
    this.timer = setTimeout(() => this.retryNow(), this.delayMs);
  }

  private retryNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    void this.pump();
  }

  private dropOverflow(): void {
    while (this.pending > this.options.maxQueue && this.queue.size > 0) {
      const oldest = this.queue.values().next().value!;
      this.queue.delete(oldest.submission.key);
      this.metrics.countStoreSubmission('dropped');
      log.warn(`leaderboard: queue full, dropped submission ${oldest.submission.key}`);
      this.settle(oldest, null);
    }
  }

  private settle(entry: Pending, outcome: SubmitOutcome | null): void {
    for (const resolve of entry.waiters) resolve(outcome);
    entry.waiters.length = 0;
    this.updateGauge();
  }

  private updateGauge(): void {
    this.metrics.storeQueue.set(this.pending);
  }
}
