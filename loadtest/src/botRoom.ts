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

/**
 * A room of the pure simulations (`bench:crowd`, `bench:orbs`): `size` players in `world`, all playing
 * with the load-test bots' brain (decideMove over what their view shows, the same bots as
 * `npm run bench:bytes`), deterministic for a seed.
 */
export class BotRoom {
  readonly players: SimPlayer[];
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
      this.inputs.set(self.id, [decideMove(view, { seed: this.seed * 1000 + i + 1, tick }).input]);
    }
    stepWorld(this.world, this.inputs, this.events);
  }
}
