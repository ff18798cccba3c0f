import { describe, expect, test } from 'vitest';
import { START_MASS, TICK_HZ } from '../constants.ts';
import { MODES, worldConfigFor } from '../modes.ts';
import { buildSteerInput } from '../protocol/input.ts';
import type { MoveInput } from '../sim/movement.ts';
import { stepWorld } from '../sim/step.ts';
import { addPlayer, createWorld, type SimPlayer, type World } from '../sim/world.ts';
import { BotIntent, decideMove, isPrey } from './botBrain.ts';
import { seenFrom } from './botView.ts';
import { FILLER_HUNT_MASS, decideFillerMove } from './fillerBrain.ts';

/** A classic room as the server fills it for one human: the human joins, then the filler bots. */
function loneHumanRoom(seed: number): { world: World; human: SimPlayer; bots: SimPlayer[] } {
  const mode = MODES.classic;
  const world = createWorld(seed, worldConfigFor(mode, { tickHz: TICK_HZ }));
  const human = addPlayer(world, 'human', 'Newcomer');
  const bots: SimPlayer[] = [];
  for (let number = 1; number < mode.fillerBots; number++) {
    const bot = addPlayer(world, `bot-${number}`, `Bot ${number}`);
    bot.bot = true;
    bots.push(bot);
  }
  return { world, human, bots };
}

/** True when `input` steers `self` straight at `target` (how the brain chases). */
function steersAt(input: MoveInput, self: SimPlayer, target: SimPlayer): boolean {
  const towards = buildSteerInput(self, target);
  return towards.x === input.x && towards.y === input.y;
}

describe('decideFillerMove', () => {
  test.each([
    { humanMass: START_MASS, intent: BotIntent.Orb },
    { humanMass: FILLER_HUNT_MASS - 1, intent: BotIntent.Orb },
    { humanMass: FILLER_HUNT_MASS, intent: BotIntent.Chase },
  ])('a heavy filler bot near a human of mass $humanMass: $intent', ({ humanMass, intent }) => {
    const { world, human, bots } = loneHumanRoom(1);
    const [hunter, ...rest] = bots;
    for (const other of rest) world.players.delete(other.id);
    Object.assign(hunter!, { x: 600, y: 600, mass: FILLER_HUNT_MASS * 2 });
    Object.assign(human, { x: 800, y: 600, mass: humanMass, shielded: false });
    expect(decideFillerMove(world, hunter!, { seed: 1, tick: 0 }).intent).toBe(intent);
  });

  test('over a minute of a lone idle newcomer among filler bots, no bot ever chases the newcomer', () => {
    let wouldHaveHunted = 0;
    let chases = 0;
    for (const seed of [1, 2, 3]) {
      const { world, human, bots } = loneHumanRoom(seed);
      const inputs = new Map<string, MoveInput[]>();
      for (let tick = 0; tick < 60 * TICK_HZ; tick++) {
        for (const bot of bots) {
          const decision = decideFillerMove(world, bot, { seed, tick });
          const withoutManners = decideMove(seenFrom(world, bot), { seed, tick });
          if (withoutManners.intent === BotIntent.Chase && steersAt(withoutManners.input, bot, human))
            wouldHaveHunted++;
          if (decision.intent === BotIntent.Chase) {
            chases++;
            // The chase is after another bot: the human, below FILLER_HUNT_MASS, is never the target.
            const target = bots.find((other) => isPrey(other, bot) && steersAt(decision.input, bot, other));
            expect(target, `bot ${bot.id} at tick ${tick} (seed ${seed})`).toBeDefined();
          }
          inputs.set(bot.id, [decision.input]);
        }
        expect(human.mass).toBeLessThan(FILLER_HUNT_MASS);
        stepWorld(world, inputs);
      }
    }
    // Not vacuous: bots chased (each other), and without the manners they would have hunted the human.
    expect(chases).toBeGreaterThan(0);
    expect(wouldHaveHunted).toBeGreaterThan(0);
  });
});
