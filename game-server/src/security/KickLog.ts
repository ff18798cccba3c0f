import { logger } from '@colyseus/core';

/** One client dropped by the wire guard or a limit. */
export interface Kick {
  /** Colyseus session id, or "-" for a socket or request that had none. */
  session: string;
  address: string;
  reason: string;
  detail?: string;
}

interface Folded {
  until: number;
  suppressed: number;
}

/** Pending fold entries kept at most; past it the oldest are written out and forgotten. */
const MAX_FOLDS = 10_000;

/**
 * Writes one line per kicked client (session, address, reason). The first kick for an (address,
 * reason) pair is written at once; more of the same within `windowMs` are only counted, and the
 * count is written with the next one after the window ("+N more"). So a flood of hostile sockets
 * costs a line per window, not a line per socket.
 */
export class KickLog {
  private readonly folds = new Map<string, Folded>();

  constructor(
    private readonly windowMs: number,
    private readonly write: (line: string) => void = (line) => logger.warn(line),
  ) {}

  record(kick: Kick, now = Date.now()): void {
    const key = `${kick.address} ${kick.reason}`;
    const fold = this.folds.get(key);
    if (fold && now < fold.until) {
      fold.suppressed++;
      return;
    }
    const more = fold && fold.suppressed > 0 ? ` (+${fold.suppressed} more like it since the last line)` : '';
    this.folds.delete(key);
    if (this.folds.size >= MAX_FOLDS) this.folds.delete(this.folds.keys().next().value!);
    this.folds.set(key, { until: now + this.windowMs, suppressed: 0 });
    const detail = kick.detail ? ` (${kick.detail.slice(0, 120)})` : '';
    this.write(`kicked session=${kick.session} address=${kick.address} reason=${kick.reason}${detail}${more}`);
  }
}
