import type { Client } from '@colyseus/core';
import type { InputQueue } from '@orb-arena/shared';

/**
 * Acknowledges a client's inputs by sequence number through Colyseus's own channel for it. Every
 * patch Colyseus sends to a client starts with a TIMED prefix holding `client._inputBuffer.ackSeq`
 * (core SchemaSerializer), which the SDK exposes as `room.input().lastProcessed`; the client's
 * prediction drops the inputs up to it and replays the rest. Our inputs arrive as bytes messages
 * into an InputQueue, so the slot Colyseus reads is pointed at that queue: the ack is the seq of the
 * last input the tick took, carried free in a prefix every patch has anyway.
 *
 * Colyseus also calls `clear()` on the slot when the seat drops, and would `accept`/`push` into it if
 * an input-channel frame got in (the wire guard refuses those; this slot ignores them).
 */
export function acknowledgeFrom(client: Client, queue: InputQueue): void {
  (client as unknown as { _inputBuffer: unknown })._inputBuffer = new AckSlot(queue);
}

/**
 * The slot as a class, not an object literal with a getter: every literal with its own getter closure
 * gets a hidden class of its own, so the patch path's read of `ackSeq` (once per client per patch) sees
 * thousands of shapes and takes V8's generic lookup; with a class it sees one.
 */
class AckSlot {
  constructor(private readonly queue: InputQueue) {}

  get ackSeq(): number {
    return this.queue.ackSeq;
  }

  clear(): void {
    this.queue.clear();
  }

  accept(): boolean {
    return false;
  }

  push(): void {}
}
