import {
  addPlayer,
  createStepEvents,
  decideMove,
  seenFrom,
  stepWorld,
  type BotView,
  type MoveInput,
  type SimPlayer,
  type World,
} from '@orb-arena/shared';
import type { BotBrain } from './botRunner.ts';

/**
 * A room of the pure simulations (`bench:crowd`, `bench:orbs`): `size` players in `world`, all steering
 * with one brain over what their view shows (by default the load-test bots' decideMove, the same bots
 * as `npm run bench:bytes`), deterministic for a seed.
 */
export class BotRoom {
  readonly players: SimPlayer[];
  /** How every player steers. @default decideMove */
  brain: BotBrain = decideMove;
  private readonly inputs = new Map<string, MoveInput[]>();
  private readonly events = createStepEvents();

  constructor(
    readonly world: World,
    size: number,
    private readonly seed: number,
  ) {
    this.players = Array.from({ length: size }, (_, i) => addPlayer(world, `p${i}`, `p${i}`));
  }

  /** Every player decides from its view (shown to `onView` first, when given), then the world takes one step. */
  step(tick: number, onView?: (self: SimPlayer, view: BotView) => void): void {
    for (const [i, self] of this.players.entries()) {
      const view = seenFrom(this.world, self);
      onView?.(self, view);
      this.inputs.set(self.id, [this.brain(view, { seed: this.seed * 1000 + i + 1, tick }).input]);
    }
    stepWorld(this.world, this.inputs, this.events);
  }
}
