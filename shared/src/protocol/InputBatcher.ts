import type { MoveInput } from '../sim/movement.ts';
import {
  encodeInputPayload,
  INPUT_BATCH_MESSAGE,
  INPUT_PAYLOAD_MAX_BYTES,
  INPUT_SEND_EVERY_TICKS,
  INPUTS_PER_MESSAGE,
} from './inputBatch.ts';

/** Anything that sends a Colyseus bytes message: the SDK's Room, as the client and the bots hold it. */
export interface BytesMessageSender {
  sendBytes(type: number, bytes: Uint8Array): void;
}

/**
 * The sending side of the batched input message, shared by the browser client and the bots so both
 * send exactly the same thing: record one input per tick (numbered 1, 2, 3, ...), and every
 * INPUT_SEND_EVERY_TICKS inputs hand `send` a payload with the last INPUTS_PER_MESSAGE of them.
 * The payload view is reused: `send` must send (copy) it at once, as `room.sendBytes` does.
 */
export class InputBatcher {
  private readonly recent: MoveInput[] = Array.from({ length: INPUTS_PER_MESSAGE }, () => ({ x: 0, y: 0 }));
  private readonly ordered: MoveInput[] = [];
  private readonly payload = new Uint8Array(INPUT_PAYLOAD_MAX_BYTES);
  private seq = 0;
  private unsent = 0;

  /** @param send called with each message's payload (e.g. `(p) => room.sendBytes(INPUT_BATCH_MESSAGE, p)`) */
  constructor(private readonly send: (payload: Uint8Array) => void) {}

  /** Seq of the last input recorded (0 before the first): the number of inputs recorded. */
  get lastSeq(): number {
    return this.seq;
  }

  /** Records the next tick's input and returns its seq; sends a message when one is due. */
  push(input: MoveInput): number {
    this.seq++;
    const slot = this.recent[this.seq % INPUTS_PER_MESSAGE]!;
    slot.x = input.x;
    slot.y = input.y;
    if (++this.unsent >= INPUT_SEND_EVERY_TICKS) this.flush();
    return this.seq;
  }

  /** Sends the recorded inputs not sent yet now (with the redundant ones before them), if any. */
  flush(): void {
    if (this.unsent === 0) return;
    this.unsent = 0;
    const count = Math.min(this.seq, INPUTS_PER_MESSAGE);
    const firstSeq = this.seq - count + 1;
    this.ordered.length = count;
    for (let i = 0; i < count; i++) this.ordered[i] = this.recent[(firstSeq + i) % INPUTS_PER_MESSAGE]!;
    const length = encodeInputPayload(this.payload, { firstSeq, inputs: this.ordered, count });
    this.send(this.payload.subarray(0, length));
  }

  /** Starts over at seq 1 (a reconnected room: the server's queue starts over too). */
  reset(): void {
    this.seq = 0;
    this.unsent = 0;
  }
}

/** An InputBatcher sending its batches as the room's input message: how every client sends inputs. */
export function batchInputsTo(room: BytesMessageSender): InputBatcher {
  return new InputBatcher((payload) => room.sendBytes(INPUT_BATCH_MESSAGE, payload));
}
