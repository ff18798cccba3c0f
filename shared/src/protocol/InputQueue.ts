import type { MoveInput } from '../sim/movement.ts';
import type { InputBatchSink } from './inputBatch.ts';

/**
 * Inputs one player's client sent and the server has not applied yet: 16 ticks (about 0.5 s at
 * 30 Hz), the same depth the input channel's buffer had. A client that gets further ahead loses its
 * oldest inputs, never its newest.
 */
export const INPUT_QUEUE_CAPACITY = 16;

/**
 * One player's pending inputs, fed by decoded batches (decodeInputPayload calls `accept` for each
 * input, oldest first) and drained by the tick. Preallocated: no allocation per input or message.
 *
 * - Every input is taken at most once: an input whose seq is not above the highest seq received so
 *   far (a duplicate from the redundancy, or a late, reordered message) is ignored.
 * - A gap (inputs lost beyond the redundancy) is skipped: the next input received is queued next.
 * - `ackSeq` is the seq of the last input taken or dropped, which the server echoes with every
 *   patch (the client's prediction drops inputs up to it and replays the rest).
 */
export class InputQueue implements InputBatchSink {
  private readonly seqs: Float64Array;
  private readonly xs: Int8Array;
  private readonly ys: Int8Array;
  /** The objects takeInto hands out, kept here so a tick with no input loses none of them. */
  private readonly taken: MoveInput[] = [];
  private head = 0;
  private count = 0;
  private lastReceived = 0;
  private consumed = 0;
  /** Inputs ignored as already received (duplicates and late ones), for the metrics. */
  ignored = 0;
  /** Inputs dropped because the queue was full. */
  overflowed = 0;

  constructor(private readonly capacity = INPUT_QUEUE_CAPACITY) {
    this.seqs = new Float64Array(capacity);
    this.xs = new Int8Array(capacity);
    this.ys = new Int8Array(capacity);
  }

  /** Inputs waiting. */
  get size(): number {
    return this.count;
  }

  /** Seq of the last input taken (or dropped): how far the authoritative state has gone. */
  get ackSeq(): number {
    return this.consumed;
  }

  /** Queues input `seq` unless it was already received; a full queue drops its oldest first. */
  accept(seq: number, x: number, y: number): void {
    if (seq <= this.lastReceived) {
      this.ignored++;
      return;
    }
    this.lastReceived = seq;
    if (this.count === this.capacity) {
      this.consumed = this.seqs[this.head]!;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      this.overflowed++;
    }
    const slot = (this.head + this.count) % this.capacity;
    this.seqs[slot] = seq;
    this.xs[slot] = x;
    this.ys[slot] = y;
    this.count++;
  }

  /**
   * Moves the `wanted` oldest inputs (or as many as wait) into `out[0..]` and trims `out` to that many,
   * returning it. The input objects are the queue's own, reused every tick; trimming pops, since
   * `length = 0` would drop the list's storage (see emptyInPlace).
   */
  takeInto(out: MoveInput[], wanted: number): number {
    const taken = Math.max(0, Math.min(wanted, this.count));
    for (let i = 0; i < taken; i++) {
      const target = this.taken[i] ?? (this.taken[i] = { x: 0, y: 0 });
      target.x = this.xs[this.head]!;
      target.y = this.ys[this.head]!;
      out[i] = target;
      this.consumed = this.seqs[this.head]!;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= taken;
    while (out.length > taken) out.pop();
    return taken;
  }

  /** Drops every waiting input (a seat left): they count as consumed. */
  clear(): void {
    if (this.count > 0) this.consumed = this.lastReceived;
    this.head = 0;
    this.count = 0;
  }

  /** Starts over for a new connection of the same player, whose seqs start again at 1. */
  reset(): void {
    this.clear();
    this.lastReceived = 0;
    this.consumed = 0;
  }
}
