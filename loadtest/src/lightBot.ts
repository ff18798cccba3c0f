import { ServerMessage, batchInputsTo, buildMoveInput, type InputBatcher } from '@orb-arena/shared';
import { countBytes, type ArenaRoom } from './botRunner.ts';

/** Ticks between a light bot's changes of direction (2 s at 30 Hz). */
const TURN_EVERY_TICKS = 60;

/**
 * A cheap bot for saturation runs: it joins like a player and records one input per tick, sent in
 * batches exactly as the client sends them (InputBatcher), wandering in a seeded direction that changes every 2 s, but it skips decoding
 * state patches (it only counts them and their bytes). The server does the same work for it as for a
 * full bot; the load generator does a fraction, so one core of bots can push a server core harder.
 */
export class LightBot {
  patches = 0;
  bytesReceived = 0;
  inputsSent = 0;
  private readonly input: InputBatcher;
  private tick = 0;

  constructor(
    readonly room: ArenaRoom,
    private readonly seed: number,
  ) {
    // The join's full state is decoded; patches after it are counted and dropped undecoded.
    room.serializer.patch = () => [];
    room.onStateChange(() => this.patches++);
    room.onMessage(ServerMessage.Eaten, () => undefined);
    room.onMessage(ServerMessage.RoundResults, () => undefined);
    room.onMessage('*', () => undefined);
    countBytes(room, this);
    this.input = batchInputsTo(room);
    room.onReconnect(() => this.input.reset());
  }

  /** Records this tick's input (a batch goes out every second tick). */
  step(): void {
    if (!this.room.connection.isOpen) return;
    const turn = Math.floor(this.tick++ / TURN_EVERY_TICKS) + this.seed * 7919;
    const angle = ((turn * 2654435761) % 360) * (Math.PI / 180);
    const steer = buildMoveInput(Math.cos(angle), Math.sin(angle));
    this.input.push(steer);
    this.inputsSent++;
  }

  leave(): Promise<unknown> {
    return this.room.connection.isOpen ? this.room.leave(true) : Promise.resolve();
  }
}
