/**
 * `npm run bench:crowd`: how many other players a client has on its screen, against room population
 * and arena side. Pure simulation, no server, deterministic: a classic world held at one side, N
 * players who all play with the load-test bots' brain (decideMove over what their view shows, the
 * same bots as `npm run bench:bytes`), one step per tick. After `--settle` seconds it counts, every
 * tick for `--seconds`, the other players and the orbs inside each live player's interest rectangle
 * (the screen plus INTEREST_MARGIN, what the server sends): the bytes a client receives follow the
 * first (about 7 B per other player per patch, BENCHMARKS.md "Where the bytes go").
 *
 * `--sides` lists the sides to try at every size, or `law` (the default): the side the mode's
 * growth law gives each size (targetArenaSize). Prints one JSON line per size and side (mean over
 * `--seeds` seeds) and a Markdown table: others in view, rows by size, columns by side.
 * `--brain cruise` (or `wander`) swaps the bots' brain as in `npm run bench:bytes` (botRunner.ts BOT_BRAINS).
 * Options: --room-sizes 10,20,30,40,50 --sides law|1200,1600,... --seeds 4 --settle 30 --seconds 60
 * --brain play|cruise|wander
 */
import { parseArgs } from 'node:util';
import { BotRoom } from './botRoom.ts';
import { botBrainNamed } from './botRunner.ts';
import {
  INTEREST_MARGIN,
  MODES,
  TICK_HZ,
  VIEW_HALF_HEIGHT,
  VIEW_HALF_WIDTH,
  createWorld,
  initialArena,
  worldConfigFor,
  type Vec,
  type World,
} from '@orb-arena/shared';

const { values } = parseArgs({
  options: {
    'room-sizes': { type: 'string', default: '10,20,30,40,50' },
    sides: { type: 'string', default: 'law' },
    seeds: { type: 'string', default: '4' },
    settle: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '60' },
    join: { type: 'string', default: 'held' },
    brain: { type: 'string', default: 'play' },
  },
});
const sizes = values['room-sizes'].split(',').map(Number);
const seeds = Number(values.seeds);
const settleTicks = Number(values.settle) * TICK_HZ;
const measureTicks = Number(values.seconds) * TICK_HZ;
const join = values.join;
const brain = botBrainNamed(values.brain);
if (join !== 'held' && join !== 'burst') throw new Error(`--join must be held or burst, got "${join}"`);
const classic = worldConfigFor(MODES.classic, { tickHz: TICK_HZ });

const HALF_WIDTH = VIEW_HALF_WIDTH + INTEREST_MARGIN;
const HALF_HEIGHT = VIEW_HALF_HEIGHT + INTEREST_MARGIN;

/** The sides to try for `size` players: the listed ones, or the one the growth law settles on. */
function sidesFor(size: number): number[] {
  if (values.sides === 'law') return [initialArena(classic, size).size];
  return values.sides.split(',').map(Number);
}

/**
 * The world of one room of players whose arena settles at `side`. `held`: the arena is that side from
 * the start (a smallest side of `side`, no area per player). `burst`: as the benchmarks fill a room,
 * it starts at the classic smallest side and grows to `side` while everyone is already in (a largest
 * side of `side`, reached at once). The orbs keep the classic density either way (activeOrbCount).
 */
function createRoomWorld(seed: number, side: number): World {
  if (join === 'held') return createWorld(seed, { ...classic, minArenaSize: side, arenaAreaPerPlayer: 0 });
  const orbCount = Math.round((classic.orbCount * side * side) / (classic.arenaSize * classic.arenaSize));
  return createWorld(seed, { ...classic, arenaSize: side, orbCount, arenaAreaPerPlayer: side * side });
}

/** One room of `size` bots settling at `side`: mean others and orbs in a live player's view. */
function runRoom(seed: number, size: number, side: number): { others: number; orbs: number } {
  const room = new BotRoom(createRoomWorld(seed, side), size, seed);
  room.brain = brain;
  let views = 0;
  let others = 0;
  let orbs = 0;
  for (let tick = 0; tick < settleTicks + measureTicks; tick++) {
    room.step(tick, (self, view) => {
      if (tick < settleTicks || !self.alive) return;
      views++;
      others += view.players.length;
      orbs += countInRect(view.orbs, self);
    });
  }
  return { others: others / views, orbs: orbs / views };
}

/** Points of `points` inside the interest rectangle around `self` (seenFrom's orbs are whole grid cells). */
function countInRect(points: Iterable<Vec>, self: Vec): number {
  let count = 0;
  for (const point of points) {
    if (Math.abs(point.x - self.x) <= HALF_WIDTH && Math.abs(point.y - self.y) <= HALF_HEIGHT) count++;
  }
  return count;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const table = new Map<number, Map<number, number>>();
const allSides = new Set<number>();
for (const size of sizes) {
  for (const side of sidesFor(size)) {
    const runs = Array.from({ length: seeds }, (_, i) => runRoom(i + 1, size, side));
    const others = runs.reduce((sum, run) => sum + run.others, 0) / seeds;
    const orbs = runs.reduce((sum, run) => sum + run.orbs, 0) / seeds;
    const perSeed = runs.map((run) => round(run.others));
    console.log(JSON.stringify({ size, side, othersInView: round(others), orbsInView: round(orbs, 1), perSeed }));
    if (!table.has(size)) table.set(size, new Map());
    table.get(size)!.set(side, others);
    allSides.add(side);
  }
}
const columns = [...allSides].sort((a, b) => a - b);
console.log(`\n| players | ${columns.join(' | ')} |\n|---|${columns.map(() => '---|').join('')}`);
for (const [size, row] of table) {
  console.log(`| ${size} | ${columns.map((side) => (row.has(side) ? round(row.get(side)!, 1) : '')).join(' | ')} |`);
}
