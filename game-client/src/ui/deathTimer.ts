/**
 * When the death screen may close: not before the state has shown the player dead and then alive
 * again (the "eaten" message arrives up to a patch before the state marks the player dead, so an
 * alive player right after the message is the old life, not the new one). If the dead state is never
 * seen (a reconnection in between), the screen closes once the respawn time plus `graceMs` is over.
 */
export class DeathTimer {
  private seenDead = false;

  /**
   * @param shownAt when the message arrived, ms (same clock as `now` below)
   * @param respawnMs the respawn delay the server announced, ms
   * @param graceMs extra wait before closing without having seen the death. @default 2000
   */
  constructor(
    readonly shownAt: number,
    readonly respawnMs: number,
    private readonly graceMs = 2000,
  ) {}

  /** Whole seconds until the respawn (never negative), for the countdown. */
  secondsLeft(now: number): number {
    return Math.max(0, Math.ceil((this.shownAt + this.respawnMs - now) / 1000));
  }

  /** Feeds the own player's `alive` as the state shows it now; returns true once the screen may close. */
  isOver(alive: boolean, now: number): boolean {
    if (!alive) {
      this.seenDead = true;
      return false;
    }
    return this.seenDead || now >= this.shownAt + this.respawnMs + this.graceMs;
  }
}
