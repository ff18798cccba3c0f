/**
 * A token bucket per key for one kind of client message (chat lines, camera moves): each key holds at
 * most `burst` tokens and regains one every `refillMs`. Separate from the room's message-rate kick and
 * from InputGate, so running out of one budget never costs a client its game inputs.
 */
export class RateBudget {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /**
   * @param options.burst tokens a fresh key starts with and the most it can save up
   * @param options.refillMs ms to regain one token
   * @param options.now clock in ms @default performance.now
   */
  constructor(private readonly options: { burst: number; refillMs: number; now?: () => number }) {}

  /** Spends a token for `key` if it has one. Returns 0 when spent, else the ms until the next token. */
  take(key: string): number {
    const now = this.options.now?.() ?? performance.now();
    const { burst, refillMs } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    const regained = Math.floor((now - bucket.at) / refillMs);
    if (regained > 0) {
      bucket.tokens = Math.min(burst, bucket.tokens + regained);
      bucket.at = bucket.tokens === burst ? now : bucket.at + regained * refillMs;
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens === 0) return Math.max(1, Math.ceil(bucket.at + refillMs - now));
    bucket.tokens--;
    return 0;
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }
}
