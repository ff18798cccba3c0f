import { ClientState, Protocol, ProtocolModifier, SchemaSerializer, debugPatch, type Client } from '@colyseus/core';
import { encode, type Schema, type StateView } from '@colyseus/schema';

/** `[uint32 sNow][uint32 input ack]` after the protocol byte of a TIMED frame (ProtocolModifier.TIMED). */
const TIMED_PREFIX_BYTES = 8;

/** Whether DEBUG=colyseus:patch is on (core types the logger with `debug`'s types, not installed here). */
const isPatchDebugOn = () => (debugPatch as { enabled?: boolean }).enabled === true;

/** The input ack Colyseus puts in a client's TIMED prefix (inputAck.ts points the slot at our queue). */
function ackSeqOf(client: Client): number {
  return (client as unknown as { _inputBuffer?: { ackSeq: number } })._inputBuffer?.ackSeq ?? 0;
}

/**
 * Colyseus's SchemaSerializer with one allocation per client per patch instead of two.
 *
 * Why: in a room with views and an input channel (ours), core 0.18.17's applyPatches builds each
 * client's patch twice: `encodeView` returns a fresh copy of the shared and the view bytes
 * (`concatBytes`), then `buildTimedFrame` allocates a second buffer 8 bytes longer for the TIMED
 * prefix (server clock and input ack) and copies everything again. Here the shared pass starts 8
 * bytes later, so the copy `encodeView` makes already has room for the prefix, which is written into
 * it in place. The bytes on the wire are the same as Colyseus's, byte for byte (TimedPatchSerializer
 * test). Only that path is replaced: any other call (no timing, no views, nothing changed, nobody
 * joined, DEBUG=colyseus:patch on) is Colyseus's own.
 *
 * It also keeps the patch path's short-lived objects out of V8's old generation. V8 gives a cleared
 * Map a new table in the generation its old table was in, so a long-lived Map cleared every patch
 * (a view's `changes` once it outlived two scavenges, e.g. while its client joined; a Map of this
 * patch's frames) gets a fresh old-generation table every patch, and each dead old table keeps what
 * it pointed to (the view's per-entity change maps, every client's frame) alive through scavenges
 * until the next full GC: all of it was promoted. Measured at 500 players (BENCHMARKS.md, issue 12
 * memory): 3.7 MB/s promoted and the old space at 2-4x the live heap; with a fresh `changes` Map per
 * view per patch and the frames kept in an array slot that is emptied after the patch, 0.03 MB/s.
 */
export class TimedPatchSerializer<T extends Schema> extends SchemaSerializer<T> {
  /**
   * This patch's frame for each view already encoded, by view id: encodeView drains a view's own
   * changes, so clients that share a view get a copy of its first frame (as Colyseus shares it between
   * them). Emptied after each patch, so no frame outlives its patch here.
   */
  private readonly framesByViewId: (Uint8Array | undefined)[] = [];

  override applyPatches(clients: Client[], state?: unknown, timing?: { sNow: number }): boolean {
    // DEBUG=colyseus:patch logs from Colyseus's own path: a debugging session takes that one.
    const ours = timing !== undefined && this.hasFilters && clients.length > 0 && !isPatchDebugOn();
    if (!ours || !this.encoder.hasChanges) {
      return super.applyPatches(clients, state, timing);
    }
    this.needFullEncode = true;
    const it = { offset: 1 + TIMED_PREFIX_BYTES };
    this.encoder.sharedBuffer[0] = Protocol.ROOM_STATE_PATCH | ProtocolModifier.TIMED;
    this.encoder.encode(it);
    const sharedOffset = it.offset;
    // The same order as Colyseus's (last joined first).
    for (let i = clients.length - 1; i >= 0; i--) {
      const client = clients[i]!;
      if (client.state !== ClientState.JOINED) continue;
      const frame = this.frameFor(client.view, sharedOffset, it);
      const prefix = { offset: 1 };
      encode.uint32(frame, timing.sNow >>> 0, prefix);
      encode.uint32(frame, ackSeqOf(client) >>> 0, prefix);
      client.raw(frame);
    }
    this.framesByViewId.fill(undefined);
    this.encoder.discardChanges();
    return true;
  }

  /** A fresh buffer holding the shared bytes and the view's, with room for the TIMED prefix. */
  private frameFor(view: StateView | undefined, sharedOffset: number, it: { offset: number }): Uint8Array {
    if (view === undefined) return this.encoder.sharedBuffer.slice(0, sharedOffset);
    // A view gets its id when it first shows something; one without has nothing of its own to share.
    const first = view.id >= 0 ? this.framesByViewId[view.id] : undefined;
    if (first !== undefined) return first.slice();
    const frame = this.encoder.encodeView(view, sharedOffset, it);
    if (view.id >= 0) this.framesByViewId[view.id] = frame;
    // encodeView has just emptied `changes`: a new Map (young, as is its table) takes its place, so
    // the next patch's change maps hang from a young table (see the class comment).
    if (view.changes.size === 0) view.changes = new Map();
    return frame;
  }
}
