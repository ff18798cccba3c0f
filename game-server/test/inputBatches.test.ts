import {
  decodeInputPayload,
  InputBatcher,
  InputQueue,
  INPUT_SEND_EVERY_TICKS,
  INPUTS_PER_MESSAGE,
  type MoveInput,
} from '@orb-arena/shared';
import { describe, expect, test } from 'vitest';
import { CATCH_UP_QUEUE, InputGate } from '../src/rooms/InputGate.ts';

/*
 * Inputs arriving in batches, tick by tick, through the parts the room uses: a client's
 * InputBatcher writes the payloads, a network under the test's control delivers them (in order,
 * twice, lost, late), decodeInputPayload feeds the player's InputQueue, and InputGate decides what
 * each tick takes. Each input's axes spell its seq, so the applied order is visible.
 */

/** The input a client records as number `seq`: its axes spell the seq (seqOf), within int8. */
const inputFor = (seq: number): MoveInput => ({ x: seq % 127, y: -Math.floor(seq / 127) });
const seqOf = (input: MoveInput) => input.x - input.y * 127;

interface Run {
  /** Per tick, the seq of each input applied. */
  applied: number[][];
  /** The seqs applied, in order. */
  seqs: number[];
  acks: number[];
}

/**
 * Runs `ticks` server ticks. The client records one input per tick (batching as it does); each
 * message it sends goes to `deliver(message index, payload)`, which returns when to hand it to the
 * server: a list of tick numbers (empty: lost; two: duplicated). `inputsPerTick` above 1 is a
 * cheating client recording inputs faster than the tick.
 */
function run(ticks: number, deliver: (index: number) => number[], inputsPerTick = 1): Run {
  const inbox = new Map<number, Uint8Array[]>();
  let sent = 0;
  let tick = 0;
  const batcher = new InputBatcher((payload) => {
    for (const at of deliver(sent++)) {
      const list = inbox.get(at) ?? [];
      list.push(payload.slice());
      inbox.set(at, list);
    }
  });
  const queue = new InputQueue();
  const gate = new InputGate();
  const list: MoveInput[] = [];
  const result: Run = { applied: [], seqs: [], acks: [] };
  for (; tick < ticks; tick++) {
    for (let i = 0; i < inputsPerTick; i++) batcher.push(inputFor(batcher.lastSeq + 1));
    for (const payload of inbox.get(tick) ?? []) expect(decodeInputPayload(payload, queue)).toBeUndefined();
    queue.takeInto(list, gate.admit('p', queue.size));
    result.applied.push(list.map(seqOf));
    result.seqs.push(...list.map(seqOf));
    result.acks.push(queue.ackSeq);
    if (list.length > 0) expect(queue.ackSeq).toBe(seqOf(list.at(-1)!));
  }
  return result;
}

const isIncreasing = (values: number[]) => values.every((value, i) => i === 0 || value > values[i - 1]!);
const sum = (values: number[][]) => values.reduce((total, tick) => total + tick.length, 0);
/** Delivery one tick after sending: message m is sent on tick (m + 1) * INPUT_SEND_EVERY_TICKS - 1. */
const sentOn = (index: number) => (index + 1) * INPUT_SEND_EVERY_TICKS - 1;

describe('inputs in batches through InputQueue and InputGate', () => {
  test('batches in order: every input applied once, one per tick, in order, acked by seq', () => {
    const { applied, seqs, acks } = run(120, (m) => [sentOn(m) + 1]);
    expect(applied.slice(4).every((tick) => tick.length === 1)).toBe(true);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(acks.at(-1)).toBe(seqs.at(-1));
    expect(seqs.length).toBeGreaterThanOrEqual(115);
  });

  test('every message delivered twice: the same inputs in the same order, none twice', () => {
    const once = run(120, (m) => [sentOn(m) + 1]);
    const twice = run(120, (m) => [sentOn(m) + 1, sentOn(m) + 2]);
    expect(twice.seqs).toEqual(once.seqs);
    expect(twice.applied).toEqual(once.applied);
  });

  test('one lost message costs nothing: the next one repeats its inputs', () => {
    const lossless = run(120, (m) => [sentOn(m) + 1]);
    const lossy = run(120, (m) => (m % 5 === 2 ? [] : [sentOn(m) + 1]));
    // The last lost message's inputs arrive a message later: compare what both had time to apply.
    const upTo = (seqs: number[]) => seqs.filter((seq) => seq <= 110);
    expect(upTo(lossy.seqs)).toEqual(Array.from({ length: 110 }, (_, i) => i + 1));
    expect(upTo(lossless.seqs)).toEqual(upTo(lossy.seqs));
  });

  test('a gap beyond the redundancy is skipped: later inputs still apply in order, the ack passes it', () => {
    const lost = new Set([10, 11]); // two in a row: inputs 21 and 22, carried only by these two, never arrive
    const { seqs, acks } = run(120, (m) => (lost.has(m) ? [] : [sentOn(m) + 1]));
    const missing = Array.from({ length: 100 }, (_, i) => i + 1).filter((seq) => !seqs.includes(seq));
    expect(missing).toEqual([21, 22]);
    expect(isIncreasing(seqs)).toBe(true);
    expect(isIncreasing(acks.filter((ack, i) => i === 0 || ack !== acks[i - 1]))).toBe(true);
  });

  test('a late message (after newer ones) is ignored, order kept', () => {
    // Message 6 arrives three ticks late, behind messages 7 and 8 (which repeat its inputs).
    const { seqs } = run(120, (m) => [m === 6 ? sentOn(m) + 6 : sentOn(m) + 1]);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  test('a stall then a burst: the backlog drains two a tick, never more than one a tick on average', () => {
    // The connection stalls (in order, as TCP does): everything sent from message 5 to tick 44 arrives on tick 45.
    const { applied, seqs } = run(120, (m) => [m >= 5 && sentOn(m) + 1 <= 45 ? 45 : sentOn(m) + 1]);
    expect(isIncreasing(seqs)).toBe(true);
    expect(Math.max(...applied.map((tick) => tick.length))).toBe(2);
    for (let end = 1; end <= applied.length; end++) expect(sum(applied.slice(0, end))).toBeLessThanOrEqual(end + 4);
    expect(applied.slice(46, 60).some((tick) => tick.length === 2)).toBe(true);
  });

  test('a client sending inputs four times too fast moves no faster than one input a tick on average', () => {
    const { applied, seqs } = run(300, (m) => [m + 1], INPUT_SEND_EVERY_TICKS * 2);
    const total = sum(applied);
    expect(total).toBeLessThanOrEqual(300 + 4);
    expect(total).toBeGreaterThanOrEqual(290);
    expect(isIncreasing(seqs)).toBe(true);
  });

  test('the steady state never triggers catch-up: a batch plus one spare stays below CATCH_UP_QUEUE', () => {
    expect(CATCH_UP_QUEUE).toBeGreaterThan(INPUT_SEND_EVERY_TICKS + 1);
    expect(INPUTS_PER_MESSAGE).toBeGreaterThanOrEqual(2 * INPUT_SEND_EVERY_TICKS);
    // Deliveries that wobble by a tick either way: still one input a tick once the spare is there.
    const { applied } = run(200, (m) => [sentOn(m) + 1 + (m % 3 === 0 ? 1 : 0)]);
    expect(applied.slice(10).filter((tick) => tick.length === 2)).toEqual([]);
  });
});
