import {
  AXIS_MAX,
  BASE_SPEED,
  encodeInputFrame,
  INPUT_FRAME_MAX_BYTES,
  INPUTS_PER_MESSAGE,
  TICK_HZ,
  type MoveInput,
} from '@orb-arena/shared';
import { Protocol } from '@colyseus/core';
import { describe, expect, test } from 'vitest';
import {
  ackedInput,
  moveInput,
  ownPlayer,
  rawSocket,
  useTestServer,
  waitForOwnPlayer,
  waitForState,
  type PlayerRoom,
} from './harness.ts';

const server = useTestServer();

/** Longest step one input can make, units (full speed at the start mass). */
const MAX_STEP = BASE_SPEED / TICK_HZ;

/** The WebSocket message encodeInputFrame writes for these inputs numbered from `firstSeq`. */
function frame(firstSeq: number, inputs: MoveInput[]): Uint8Array {
  const out = new Uint8Array(INPUT_FRAME_MAX_BYTES);
  return out.slice(0, encodeInputFrame(out, firstSeq, inputs, inputs.length));
}

function waitForAck(room: PlayerRoom, seq: number): Promise<number> {
  return waitForState(
    room,
    () => ackedInput(room),
    (acked) => acked >= seq,
  );
}

describe('the input batch on the wire', () => {
  test('the SDK client sends exactly the bytes encodeInputFrame writes', async () => {
    const room = await server.join({ name: 'bytes' });
    await waitForOwnPlayer(room);
    const sent: Uint8Array[] = [];
    const connection = room.connection as unknown as { send(data: Uint8Array): void };
    const send = connection.send.bind(connection);
    connection.send = (data: Uint8Array) => {
      sent.push(data.slice());
      send(data);
    };
    const inputs: MoveInput[] = [
      { x: 1, y: -1 },
      { x: AXIS_MAX, y: 0 },
      { x: -AXIS_MAX, y: 5 },
      { x: 0, y: AXIS_MAX },
      { x: -3, y: -AXIS_MAX },
      { x: 9, y: 9 },
    ];
    const batcher = moveInput(room);
    for (const input of inputs) batcher.push(input);

    expect(sent.map((bytes) => [...bytes])).toEqual([
      [...frame(1, inputs.slice(0, 2))],
      [...frame(1, inputs.slice(0, INPUTS_PER_MESSAGE))],
      [...frame(3, inputs.slice(2, 6))],
    ]);
    expect(sent[0]![0]).toBe(Protocol.ROOM_DATA_BYTES);
    await waitForAck(room, inputs.length);
  });

  test('crafted batches from a real socket: in order, repeated, late and with a gap, each input applied once in order', async () => {
    const room = await server.join({ name: 'crafted' });
    const start = await waitForOwnPlayer(room);
    const ws = rawSocket(room);
    const direction = start.x < 2000 ? 1 : -1;
    const along: MoveInput = { x: direction * AXIS_MAX, y: 0 };
    // What must never be applied: the same seqs again, steering down instead.
    const down: MoveInput = { x: 0, y: AXIS_MAX };

    ws.send(frame(1, [along, along]));
    ws.send(frame(1, [along, along, along, along]));
    ws.send(frame(1, [down, down, down, down])); // a duplicate of seqs 1-4 with other content
    await waitForAck(room, 4);
    ws.send(frame(3, [down, down])); // late: older than what was received
    // Seqs 5 and 6 are lost beyond the redundancy; 7 and 8 arrive.
    ws.send(frame(7, [along, along]));
    ws.send(frame(7, [down, down, along])); // 7 and 8 repeated (ignored), 9 new

    expect(await waitForAck(room, 9)).toBe(9);
    const end = ownPlayer(room)!;
    expect(end.y).toBe(start.y);
    const travelled = (end.x - start.x) * direction;
    // Seven inputs applied (1-4, 7-9), each at most one full step; a heavier orb steps shorter.
    expect(travelled).toBeGreaterThan(6 * MAX_STEP * 0.5);
    expect(travelled).toBeLessThanOrEqual(7 * MAX_STEP);
  });
});
