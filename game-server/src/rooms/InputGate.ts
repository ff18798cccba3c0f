/**
 * A token bucket per player that caps how many queued inputs one tick may apply. Each tick adds one
 * token (up to `burst`); each applied input spends one. An honest client sends one input a tick, so
 * it never waits, and inputs delayed by the network catch up in a burst of a few; a client that sends
 * faster than the tick rate moves no faster than one that doesn't.
 */
export class InputGate {
  private readonly tokens = new Map<string, number>();

  /** @param burst most inputs one player may apply in a single tick @default 4 */
  constructor(private readonly burst = 4) {}

  /** Returns how many of `queued` inputs `id` may apply this tick, and spends them. */
  admit(id: string, queued: number): number {
    const available = Math.min(this.burst, (this.tokens.get(id) ?? this.burst - 1) + 1);
    const admitted = Math.min(available, queued);
    this.tokens.set(id, available - admitted);
    return admitted;
  }

  forget(id: string): void {
    this.tokens.delete(id);
  }
}
