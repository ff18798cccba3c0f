import {
  ARENA_SIZE,
  arenaSizeAfter,
  stepBody,
  type ArenaBounds,
  type Body,
  type BodyStep,
  type MoveInput,
} from '@orb-arena/shared';

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
  /** Side of the room's arena until the state tells (setArena), units. @default ARENA_SIZE */
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
 *
 * The arena's walls move while it resizes, so each input is stepped inside the walls the server will
 * have when it applies it: the n-th unacknowledged input lands n ticks after the state's tick, where
 * the side is arenaSizeAfter(state side, state target, n), the same schedule stepWorld follows.
 */
export class Predictor {
  /** Where the simulation says the player is (server state + unacknowledged inputs). */
  readonly predicted: AuthoritativeBody = { x: 0, y: 0, mass: 0, alive: false };
  /** Visual correction still being blended out, units. Rendered position = predicted + offset. */
  readonly offset = { x: 0, y: 0 };
  /** Size of the last correction, units (0 when the prediction was exact). */
  lastCorrection = 0;
  /**
   * The predicted position one local step earlier. The own orb is drawn between it and `predicted`
   * (see rendered), so a 60 Hz screen shows even motion from 30 Hz steps instead of 0/10-unit jumps.
   */
  private readonly previous = { x: 0, y: 0 };
  private pending: PendingInput[] = [];
  private hasState = false;
  private readonly snapDistance: number;
  private readonly blendHalfLifeMs: number;
  /** The step of one input: the server's dt, and the walls at that input's tick (see stepAt). */
  private readonly step: BodyStep;
  /** The arena at the last state's tick and the side it heads for (from the room's state). */
  private readonly arena: ArenaBounds;

  constructor(options: PredictorOptions) {
    const size = options.arenaSize ?? ARENA_SIZE;
    this.step = { dt: options.dt, arenaSize: size };
    this.arena = { size, target: size };
    this.snapDistance = options.snapDistance ?? 120;
    this.blendHalfLifeMs = options.blendHalfLifeMs ?? 50;
  }

  /** Side of the arena at the last state's tick, units. */
  get arenaSize(): number {
    return this.arena.size;
  }

  /**
   * Takes the arena from the state that is about to be reconciled: its side at that tick and the side
   * it heads for (ArenaState arenaSize and arenaTarget), units.
   */
  setArena(size: number, target = size): void {
    this.arena.size = size;
    this.arena.target = target;
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
    this.previous.x = this.predicted.x;
    this.previous.y = this.predicted.y;
    if (this.hasState && this.predicted.alive) stepBody(this.predicted, input, this.stepAt(this.pending.length));
  }

  /**
   * Where to draw the own player: `alpha` (0..1, the fraction of the next step already elapsed) of the
   * way from the previous step's position to the predicted one, plus the fading correction offset.
   * At alpha 1 it is exactly the prediction; the drawing runs at most one step behind it.
   */
  rendered(alpha: number): { x: number; y: number } {
    const a = Math.min(1, Math.max(0, alpha));
    return {
      x: this.previous.x + (this.predicted.x - this.previous.x) * a + this.offset.x,
      y: this.previous.y + (this.predicted.y - this.previous.y) * a + this.offset.y,
    };
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
      for (let i = 0; i < this.pending.length; i++)
        stepBody(this.predicted, this.pending[i]!.input, this.stepAt(i + 1));
    }
    const dx = before.x + this.offset.x - this.predicted.x;
    const dy = before.y + this.offset.y - this.predicted.y;
    const visible = Math.sqrt(dx * dx + dy * dy);
    this.lastCorrection = Math.hypot(before.x - this.predicted.x, before.y - this.predicted.y);
    if (!this.hasState || !wasAlive || !server.alive || visible > this.snapDistance) {
      this.offset.x = 0;
      this.offset.y = 0;
      this.previous.x = this.predicted.x;
      this.previous.y = this.predicted.y;
    } else {
      this.offset.x = dx;
      this.offset.y = dy;
      // The step being drawn moves with the correction, which the offset then fades out.
      this.previous.x += this.predicted.x - before.x;
      this.previous.y += this.predicted.y - before.y;
    }
    this.hasState = true;
    return this.lastCorrection;
  }

  /** The step of an input applied `ticksAhead` ticks after the last state's: the walls then. */
  private stepAt(ticksAhead: number): BodyStep {
    this.step.arenaSize = arenaSizeAfter(this.arena.size, this.arena.target, ticksAhead);
    return this.step;
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
