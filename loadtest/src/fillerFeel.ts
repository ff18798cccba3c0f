/**
 * `npm run feel:fillers`: how a lone human fares against a room's filler bots. Pure simulation, no
 * server: a world of `--mode` (default the classic mode, in its smallest arena), one human who joins first, then the mode's filler bots
 * (as the room adds them), each bot deciding every tick from what its screen shows with the server's
 * filler brain; the tick order is the room's (bots decide, then one step). Three kinds of human:
 * `brain` plays reasonably with perfect reflexes (the load-test bot's full brain: flees bigger discs
 * close by, chases smaller ones, steers to orbs), `slow` is the same brain deciding only every
 * SLOW_HUMAN_TICKS (a person's reaction time) and `idle` never moves.
 *
 * Fillers run as `before` (the shared brain with no manners: they chase anyone they can eat, as the
 * server's filler bots did until FILLER_MANNERS) and `after` (decideFillerMove, what the server runs);
 * `--hunt-mass N` replaces `after` with fillers that spare humans below mass N, to compare thresholds.
 * `--min-orbs N` replaces the mode's floor on orbs in play (see activeOrbCount), to compare floors.
 * `--players N` fills the room to N players instead of the mode's fillerBots (the arena grows with them:
 * with the human and N - 1 bots, a room of another size under the same brains).
 *
 * For `--seeds` seeds × `--seconds` of simulated time it prints one JSON object: per fillers and human
 * kind, the median and p10 time to the first death (a human who survives counts as `--seconds`, and
 * `survived` says how many did), deaths per minute (every death is to a bot: the human is alone), the
 * human's peak mass, the orbs it ate in its first 60 s and its mass 60 s after joining (0 while dead
 * then): how rewarding the first minute is, and the heaviest bot (medians over seeds).
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_MODE,
  FILLER_HUNT_MASS,
  MODES,
  ORB_MASS,
  isModeId,
  TICK_HZ,
  addPlayer,
  createStepEvents,
  createWorld,
  decideFillerMove,
  decideMove,
  initialArena,
  seenFrom,
  stepWorld,
  worldConfigFor,
  type GameMode,
  type MoveInput,
  type SimPlayer,
  type WanderClock,
  type World,
} from '@orb-arena/shared';
import { quantile } from './stats.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '120' },
    'hunt-mass': { type: 'string' },
    mode: { type: 'string', default: DEFAULT_MODE },
    players: { type: 'string' },
    'min-orbs': { type: 'string' },
  },
});

const HUMAN = 'human';
/** The seed a human's wandering starts from (any constant: the brain only wanders with no orb in view). */
const HUMAN_WANDER_SEED = 0x5eed;

/** Ticks between two decisions of a `slow` human (a third of a second at 30 Hz: a person's reaction time). */
const SLOW_HUMAN_TICKS = 10;

type HumanKind = 'brain' | 'slow' | 'idle';

/** One measured room: the human's kind, the fillers' brain, the mode, its players and how long it runs. */
interface RoomRun {
  kind: HumanKind;
  fillers: FillerBrain;
  mode: GameMode;
  /** The human and the bots together. */
  players: number;
  seconds: number;
  /** Replaces the mode's minOrbCount (`--min-orbs`, to compare floors). */
  minOrbs?: number;
}

/** How a filler bot decides one tick. */
type FillerBrain = (world: World, self: SimPlayer, clock: WanderClock) => MoveInput;

const FILLERS_BEFORE: FillerBrain = (world, self, clock) => decideMove(seenFrom(world, self), clock).input;
const FILLERS_AFTER: FillerBrain = (world, self, clock) => decideFillerMove(world, self, clock).input;

interface RunResult {
  /** Seconds from the join to the first death, or undefined when the human survived. */
  firstDeath: number | undefined;
  /** Times the human was eaten (always by a bot: it is alone). */
  deaths: number;
  heaviestBot: number;
  humanPeakMass: number;
  /** The human's mass at GROWTH_SECONDS (0 while dead then), or its last mass in a shorter run. */
  humanMassAtGrowth: number;
  /** Orbs the human ate in its first GROWTH_SECONDS (mass gained on steps where it ate nobody). */
  humanOrbsAtGrowth: number;
}

/** When the growth figure is read, seconds after the join: the first minute should feel rewarding. */
const GROWTH_SECONDS = 60;

/** One room from `seed`: a human of `room.kind` and the mode's filler bots deciding with `room.fillers`. */
function runRoom(seed: number, room: RoomRun): RunResult {
  const { mode } = room;
  const config = worldConfigFor(mode, { tickHz: TICK_HZ });
  const world = createWorld(seed, { ...config, minOrbCount: room.minOrbs ?? config.minOrbCount });
  const human = addPlayer(world, HUMAN, 'Newcomer');
  // As the room's FillerBots: humans + bots = fillerBots, ids bot-1.., wander seeds from the world's
  // generator as it stands after the join.
  const botSeed = world.rng;
  const bots: { self: SimPlayer; seed: number }[] = [];
  for (let number = 1; number <= room.players - 1; number++) {
    const self = addPlayer(world, `bot-${number}`, `bot-${number}`);
    self.bot = true;
    bots.push({ self, seed: (botSeed + number * 7919) >>> 0 });
  }
  const inputs = new Map<string, MoveInput[]>();
  const events = createStepEvents();
  const result: RunResult = {
    firstDeath: undefined,
    deaths: 0,
    heaviestBot: 0,
    humanPeakMass: 0,
    humanMassAtGrowth: 0,
    humanOrbsAtGrowth: 0,
  };
  let humanInput: MoveInput = { x: 0, y: 0 };
  for (let tick = 0; tick < room.seconds * TICK_HZ; tick++) {
    for (const bot of bots) inputs.set(bot.self.id, [room.fillers(world, bot.self, { seed: bot.seed, tick })]);
    if (room.kind === 'brain' || (room.kind === 'slow' && tick % SLOW_HUMAN_TICKS === 0)) {
      humanInput = decideMove(seenFrom(world, human), { seed: HUMAN_WANDER_SEED, tick }).input;
    }
    inputs.set(HUMAN, room.kind === 'idle' ? [] : [humanInput]);
    const massBefore = human.alive ? human.mass : 0;
    stepWorld(world, inputs, events);
    const ateSomeone = events.kills.some((kill) => kill.eaterId === HUMAN);
    if (tick < GROWTH_SECONDS * TICK_HZ && massBefore > 0 && human.alive && !ateSomeone)
      result.humanOrbsAtGrowth += Math.max(0, human.mass - massBefore) / ORB_MASS;
    for (const kill of events.kills) {
      if (kill.preyId !== HUMAN) continue;
      result.deaths++;
      result.firstDeath ??= world.tick / TICK_HZ;
    }
    noteMasses(world, result);
    if (tick < GROWTH_SECONDS * TICK_HZ) result.humanMassAtGrowth = human.alive ? human.mass : 0;
  }
  return result;
}

function noteMasses(world: World, result: RunResult): void {
  for (const player of world.players.values()) {
    if (player.id === HUMAN) result.humanPeakMass = Math.max(result.humanPeakMass, player.mass);
    else result.heaviestBot = Math.max(result.heaviestBot, player.mass);
  }
}

/** The figures of `seeds` rooms (seeds 1..N) of one human kind against one filler brain. */
function summarize(seeds: number, room: RoomRun) {
  const runs = Array.from({ length: seeds }, (_, i) => runRoom(i + 1, room));
  const firstDeaths = runs.map((run) => run.firstDeath ?? room.seconds);
  const round = (value: number) => Number(value.toFixed(2));
  return {
    firstDeathMedianS: round(quantile(firstDeaths, 0.5)),
    firstDeathP10S: round(quantile(firstDeaths, 0.1)),
    survived: runs.filter((run) => run.firstDeath === undefined).length,
    deathsPerMinute: round(runs.reduce((sum, run) => sum + run.deaths, 0) / ((seeds * room.seconds) / 60)),
    humanPeakMassMedian: quantile(
      runs.map((run) => run.humanPeakMass),
      0.5,
    ),
    humanOrbsIn60sMedian: quantile(
      runs.map((run) => Math.round(run.humanOrbsAtGrowth)),
      0.5,
    ),
    humanMassAt60sMedian: quantile(
      runs.map((run) => run.humanMassAtGrowth),
      0.5,
    ),
    heaviestBotMedian: quantile(
      runs.map((run) => run.heaviestBot),
      0.5,
    ),
  };
}

/** Every human kind against `fillers`, in `mode`. */
function summarizeAll(seeds: number, run: Omit<RoomRun, 'kind'>) {
  const kinds: HumanKind[] = ['brain', 'slow', 'idle'];
  return Object.fromEntries(kinds.map((kind) => [kind, summarize(seeds, { ...run, kind })]));
}

if (!isModeId(values.mode))
  throw new Error(`--mode must name a mode (${Object.keys(MODES).join(', ')}), got "${values.mode}"`);
const mode: GameMode = MODES[values.mode];
const seeds = Number(values.seeds);
const seconds = Number(values.seconds);
const players = values.players === undefined ? mode.fillerBots : Number(values.players);
const huntMass = values['hunt-mass'] === undefined ? undefined : Number(values['hunt-mass']);
const minOrbs = values['min-orbs'] === undefined ? undefined : Number(values['min-orbs']);
const after: FillerBrain =
  huntMass === undefined
    ? FILLERS_AFTER
    : (world, self, clock) => decideMove(seenFrom(world, self), clock, { spareHumansBelowMass: huntMass }).input;
console.log(
  JSON.stringify(
    {
      seeds,
      seconds,
      mode: mode.id,
      fillerBots: players - 1,
      arenaSide: initialArena(mode.world, players).size,
      afterHuntMass: huntMass ?? FILLER_HUNT_MASS,
      minOrbCount: minOrbs ?? mode.world.minOrbCount,
      before: summarizeAll(seeds, { fillers: FILLERS_BEFORE, mode, players, seconds, minOrbs }),
      after: summarizeAll(seeds, { fillers: after, mode, players, seconds, minOrbs }),
    },
    null,
    2,
  ),
);
