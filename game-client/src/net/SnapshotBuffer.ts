/** One sampled state of a remote entity at a server time. */
export interface Snapshot {
  /** Server time of the patch that carried it, ms. */
  t: number;
  x: number;
  y: number;
  mass: number;
}

/** What `sample` returns: an interpolated (or briefly extrapolated) state. */
export interface Sample {
  x: number;
  y: number;
  mass: number;
  /** True when the render time was past the newest snapshot (the buffer ran dry). */
  dry: boolean;
}

export interface SnapshotBufferOptions {
  /** Snapshots kept; older ones are dropped. @default 32 */
  capacity?: number;
  /** Longest extrapolation past the newest snapshot, ms; beyond it the entity holds still. @default 100 */
  maxExtrapolationMs?: number;
}

/**
 * Snapshots of one remote entity, ordered by server time. Late (out-of-order) snapshots are slotted into
 * place, duplicates of a time already held are ignored, and `sample(t)` interpolates linearly between
 * the two snapshots around t, extrapolating along the last velocity for a bounded time when t is past
 * the newest one.
 */
export class SnapshotBuffer {
  private readonly snapshots: Snapshot[] = [];
  private readonly capacity: number;
  private readonly maxExtrapolationMs: number;

  constructor(options: SnapshotBufferOptions = {}) {
    this.capacity = options.capacity ?? 32;
    this.maxExtrapolationMs = options.maxExtrapolationMs ?? 100;
  }

  get size(): number {
    return this.snapshots.length;
  }

  /** Server time of the newest snapshot, or -Infinity when empty. */
  get newestTime(): number {
    return this.snapshots.at(-1)?.t ?? -Infinity;
  }

  /** Inserts a snapshot in time order; returns false for a duplicate time. */
  push(snapshot: Snapshot): boolean {
    let index = this.snapshots.length;
    while (index > 0 && this.snapshots[index - 1]!.t > snapshot.t) index--;
    if (index > 0 && this.snapshots[index - 1]!.t === snapshot.t) return false;
    this.snapshots.splice(index, 0, { ...snapshot });
    if (this.snapshots.length > this.capacity) this.snapshots.shift();
    return true;
  }

  /** The state at server time `t`; undefined when the buffer is empty. */
  sample(t: number): Sample | undefined {
    const list = this.snapshots;
    if (list.length === 0) return undefined;
    const first = list[0]!;
    if (t <= first.t) return { x: first.x, y: first.y, mass: first.mass, dry: false };
    for (let i = 1; i < list.length; i++) {
      const b = list[i]!;
      if (t <= b.t) {
        const a = list[i - 1]!;
        const f = (t - a.t) / (b.t - a.t);
        return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f, mass: a.mass + (b.mass - a.mass) * f, dry: false };
      }
    }
    const last = list.at(-1)!;
    const previous = list.at(-2);
    if (!previous) return { x: last.x, y: last.y, mass: last.mass, dry: true };
    const ahead = Math.min(t - last.t, this.maxExtrapolationMs);
    const span = last.t - previous.t;
    return {
      x: last.x + ((last.x - previous.x) / span) * ahead,
      y: last.y + ((last.y - previous.y) / span) * ahead,
      mass: last.mass,
      dry: true,
    };
  }
}
