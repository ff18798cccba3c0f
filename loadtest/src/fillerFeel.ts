/**
 * `npm run feel:fillers`: how a lone human fares against a classic room's filler bots. Pure simulation,
 * no server: a world of the classic mode, one human who joins first, then the mode's filler bots
 * (as the room adds them), each bot deciding every tick from what its screen shows with the server's
 * filler brain; the tick order is the room's (bots decide, then one step). Two kinds of human: `brain`
 * plays reasonably (the load-test bot's full brain: flees bigger discs in view, chases smaller ones,
 * steers to orbs) and `idle` never moves.
 *
 * For `--seeds` seeds × `--seconds` of simulated time it prints one JSON object: per human kind, the
 * median and p10 time to the first death (a human who survives counts as `--seconds`, and `survived`
 * says how many did), deaths per minute, and how the bots fared (their heaviest mass, kills among them).
 */
import { parseArgs } from 'node:util';
import {
  MODES,
  TICK_HZ,
  addPlayer,
  createStepEvents,
  createWorld,
  decideMove,
  seenFrom,
  stepWorld,
  worldConfigFor,
  type MoveInput,
  type World,
} from '@orb-arena/shared';
import { quantile } from './stats.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '120' },
  },
});

const HUMAN = 'human';
/** The seed a human's wandering starts from (any constant: the brain only wanders with no orb in view). */
const HUMAN_WANDER_SEED = 0x5eed;

type HumanKind = 'brain' | 'idle';

interface RunResult {
  /** Seconds from the join to the first death, or undefined when the human survived. */
  firstDeath: number | undefined;
  deaths: number;
  /** Deaths of the human to a bot, by what the bot was doing... */
  botKills: number;
  heaviestBot: number;
  humanPeakMass: number;
}

/** One room: a human of `kind` and the mode's filler bots, for `seconds` from `seed`. */
function runRoom(seed: number, kind: HumanKind, seconds: number): RunResult {
  const mode = MODES.classic;
  const world = createWorld(seed, worldConfigFor(mode, { tickHz: TICK_HZ }));
  const human = addPlayer(world, HUMAN, 'Newcomer');
  // The room's FillerBots: ids bot-1.., seeds from the world's generator as it stands after the join.
  const botSeed = world.rng;
  const bots: { id: string; seed: number }[] = [];
  for (let number = 1; number <= mode.fillerBots - 1; number++) {
    const id = `bot-${number}`;
    addPlayer(world, id, id).bot = true;
    bots.push({ id, seed: (botSeed + number * 7919) >>> 0 });
  }
  const inputs = new Map<string, MoveInput[]>();
  const events = createStepEvents();
  const result: RunResult = { firstDeath: undefined, deaths: 0, botKills: 0, heaviestBot: 0, humanPeakMass: 0 };
  const ticks = seconds * TICK_HZ;
  for (let tick = 0; tick < ticks; tick++) {
    for (const bot of bots) {
      const self = world.players.get(bot.id)!;
      inputs.set(bot.id, [decideMove(seenFrom(world, self), { seed: bot.seed, tick }).input]);
    }
    inputs.set(HUMAN, kind === 'brain' ? [decideMove(seenFrom(world, human), { seed: HUMAN_WANDER_SEED, tick }).input] : []);
    stepWorld(world, inputs, events);
    for (const kill of events.kills) {
      if (kill.preyId !== HUMAN) continue;
      result.deaths++;
      result.firstDeath ??= world.tick / TICK_HZ;
    }
    noteMasses(world, result);
  }
  return result;
}

function noteMasses(world: World, result: RunResult): void {
  for (const player of world.players.values()) {
    if (player.id === HUMAN) result.humanPeakMass = Math.max(result.humanPeakMass, player.mass);
    else result.heaviestBot = Math.max(result.heaviestBot, player.mass);
  }
}

function summarize(kind: HumanKind, seeds: number, seconds: number) {
  const runs = Array.from({ length: seeds }, (_, i) => runRoom(i + 1, kind, seconds));
  const firstDeaths = runs.map((run) => run.firstDeath ?? seconds);
  const round = (value: number) => Number(value.toFixed(2));
  return {
    firstDeathMedianS: round(quantile(firstDeaths, 0.5)),
    firstDeathP10S: round(quantile(firstDeaths, 0.1)),
    survived: runs.filter((run) => run.firstDeath === undefined).length,
    deathsPerMinute: round(runs.reduce((sum, run) => sum + run.deaths, 0) / (seeds * seconds / 60)),
    humanPeakMassMedian: quantile(runs.map((run) => run.humanPeakMass), 0.5),
    heaviestBotMedian: quantile(runs.map((run) => run.heaviestBot), 0.5),
  };
}

const seeds = Number(values.seeds);
const seconds = Number(values.seconds);
console.log(
  JSON.stringify(
    { seeds, seconds, mode: 'classic', brain: summarize('brain', seeds, seconds), idle: summarize('idle', seeds, seconds) },
    null,
    2,
  ),
);
