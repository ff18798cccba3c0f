import { ARENA_SIZE, stepBody, type Body, type BodyStep, type MoveInput } from '@orb-arena/shared';

/** An input sent to the server and not yet acknowledged. */
interface PendingInput {
  /** The input channel's count of inputs sent, including this one (the server acks this number). */
  seq: number;
  input: MoveInput;
}

/** The authoritative state of the own player as last decoded. */
export interface AuthoritativeBody extends Body {
  alive: boolean;
}

export interface PredictorOptions {
  /** Step length, seconds (1 / the server's tick rate). */
  dt: number;
  /** Side of the room's arena, units (the room's mode sets it). @default ARENA_SIZE */
  arenaSize?: number;
  /** A correction longer than this (units) snaps instead of blending: a respawn or teleport. @default 120 */
  snapDistance?: number;
  /** Time for a blended correction to shrink to half, ms. @default 50 */
  blendHalfLifeMs?: number;
}

/**
 * Client-side prediction and reconciliation of the own player. Every local input moves the predicted
 * body at once through the shared stepBody; when an authoritative state arrives with the server's ack,
 * acknowledged inputs are dropped and the rest are replayed on top of the server's body. The
 * difference between the old and the new prediction becomes a visual offset that fades out over a few
 * frames, or is dropped at once when it is too large to hide.
 */
export class Predictor {
  /** Where the simulation says the player is (server state + unacknowledged inputs). */
  readonly predicted: AuthoritativeBody = { x: 0, y: 0, mass: 0, alive: false };
  /** Visual correction still being blended out, units. Rendered position = predicted + offset. */
  readonly offset = { x: 0, y: 0 };
  /** Size of the last correction, units (0 when the prediction was exact). */
  lastCorrection = 0;
  private pending: PendingInput[] = [];
  private hasState = false;
  private readonly snapDistance: number;
  private readonly blendHalfLifeMs: number;
  /** The step replayed for every input: the server's dt in the room's arena. */
  private readonly step: BodyStep;

  constructor(options: PredictorOptions) {
    this.step = { dt: options.dt, arenaSize: options.arenaSize ?? ARENA_SIZE };
    this.snapDistance = options.snapDistance ?? 120;
    this.blendHalfLifeMs = options.blendHalfLifeMs ?? 50;
  }

  /** Side of the arena the prediction keeps the player in, units (from the room's state). */
  get arenaSize(): number {
    return this.step.arenaSize;
  }

  set arenaSize(size: number) {
    this.step.arenaSize = size;
  }

  /** Unacknowledged inputs. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Records an input just sent as number `seq` and applies it to the prediction, unless the player is
   * dead or no state has arrived yet (then it is only recorded).
   */
  applyLocal(seq: number, input: MoveInput): void {
    this.pending.push({ seq, input });
    if (this.hasState && this.predicted.alive) stepBody(this.predicted, input, this.step);
  }

  /**
   * Rewinds to `server` (the state after the server applied input number `ack`) and replays the inputs
   * after it. Every one of them is replayed when `server` is alive, including those sent while the
   * client still saw the player dead or had no state yet: the server applies them to the live body.
   * Returns the correction size in units.
   */
  reconcile(server: AuthoritativeBody, ack: number): number {
    while (this.pending.length > 0 && this.pending[0]!.seq <= ack) this.pending.shift();
    const before = { x: this.predicted.x, y: this.predicted.y };
    const wasAlive = this.predicted.alive;
    Object.assign(this.predicted, server);
    if (server.alive) {
      for (const entry of this.pending) stepBody(this.predicted, entry.input, this.step);
    }
    const dx = before.x + this.offset.x - this.predicted.x;
    const dy = before.y + this.offset.y - this.predicted.y;
    const visible = Math.sqrt(dx * dx + dy * dy);
    this.lastCorrection = Math.hypot(before.x - this.predicted.x, before.y - this.predicted.y);
    if (!this.hasState || !wasAlive || !server.alive || visible > this.snapDistance) {
      this.offset.x = 0;
      this.offset.y = 0;
    } else {
      this.offset.x = dx;
      this.offset.y = dy;
    }
    this.hasState = true;
    return this.lastCorrection;
  }

  /** Fades the visual offset by `elapsedMs` of frame time. */
  decay(elapsedMs: number): void {
    const keep = Math.pow(0.5, elapsedMs / this.blendHalfLifeMs);
    this.offset.x *= keep;
    this.offset.y *= keep;
    if (Math.abs(this.offset.x) < 0.01) this.offset.x = 0;
    if (Math.abs(this.offset.y) < 0.01) this.offset.y = 0;
  }

  /** Forgets every pending input (after a reconnection the server's count starts again). */
  reset(): void {
    this.pending = [];
    this.hasState = false;
    this.offset.x = 0;
    this.offset.y = 0;
  }
}
