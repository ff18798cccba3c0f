/**
 * `npm run bench:orbs`: how many orbs enter and leave a client's view each second under different
 * view rules, against room population. Pure simulation, no server, deterministic: a classic world at
 * the side its growth law gives each size, N players who all play with the load-test bots' brain (as
 * `npm run bench:crowd`), one step per tick. Each rule is a grid cell side, a margin around the screen
 * and a slack (cells a view keeps beyond those it needs before dropping them, as
 * InterestManager.ORB_CELL_SLACK); a cell side of 1 with no margin and no slack is the screen itself,
 * the floor any rule that follows the player can reach. At 20 views a second after `--settle` it counts
 * orbs added to a view, dropped from it, and eaten and re-placed inside it, per client per second,
 * and estimates their bytes (about 19 B an add, 3 a drop, 7 a move: BENCHMARKS.md "Issue 12, fifth pass").
 * Options: --room-sizes 10,50 --rules 250:150:0,250:150:1,... (cell:margin:slack) --seeds 3
 * --settle 30 --seconds 60
 */
import { parseArgs } from 'node:util';
import { BotRoom } from './botRoom.ts';
import {
  MODES,
  TICK_HZ,
  VIEW_HALF_HEIGHT,
  VIEW_HALF_WIDTH,
  createWorld,
  initialArena,
  worldConfigFor,
} from '@orb-arena/shared';

const { values } = parseArgs({
  options: {
    'room-sizes': { type: 'string', default: '10,50' },
    rules: { type: 'string', default: '250:150:0,250:150:1,250:150:2,250:50:1,125:100:1,125:50:1,1:0:0' },
    seeds: { type: 'string', default: '3' },
    settle: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '60' },
  },
});

interface Rule {
  cell: number;
  margin: number;
  slack: number;
}
interface CellRange {
  c0: number;
  c1: number;
  r0: number;
  r1: number;
}

const sizes = values['room-sizes'].split(',').map(Number);
const rules: Rule[] = values.rules.split(',').map((text) => {
  const [cell, margin, slack] = text.split(':').map(Number);
  return { cell: cell!, margin: margin!, slack: slack! };
});
const seeds = Number(values.seeds);
const settleTicks = Number(values.settle) * TICK_HZ;
const measureTicks = Number(values.seconds) * TICK_HZ;
const classic = worldConfigFor(MODES.classic, { tickHz: TICK_HZ });
/** Views are brought up to date for 2 ticks of every 3: 20 patches a second at 30 ticks. */
const isPatchTick = (tick: number) => tick % 3 !== 2;

/** The range a view holds after its player moved: what it needs, keeping up to `slack` cells more per side. */
function nextRange(held: CellRange | null, need: CellRange, slack: number): CellRange {
  if (held === null) return need;
  const low = (current: number, wanted: number) =>
    current > wanted ? wanted : current < wanted - slack ? wanted - slack : current;
  const high = (current: number, wanted: number) =>
    current < wanted ? wanted : current > wanted + slack ? wanted + slack : current;
  return {
    c0: low(held.c0, need.c0),
    c1: high(held.c1, need.c1),
    r0: low(held.r0, need.r0),
    r1: high(held.r1, need.r1),
  };
}

/** One room of `size` bots under `rule`: orbs added, dropped and moved in view, and orbs held, per view. */
function runRoom(seed: number, size: number, rule: Rule) {
  const side = initialArena(classic, size).size;
  const world = createWorld(seed, { ...classic, minArenaSize: side, arenaAreaPerPlayer: 0 });
  const room = new BotRoom(world, size, seed);
  const players = room.players;
  const cellOf = (value: number) => Math.floor(value / rule.cell);
  const held: (CellRange | null)[] = players.map(() => null);
  const shown = players.map(() => new Uint8Array(world.orbs.length));
  const lastX = world.orbs.map((orb) => orb.x);
  const lastY = world.orbs.map((orb) => orb.y);
  const totals = { adds: 0, drops: 0, moves: 0, held: 0, views: 0 };
  for (let tick = 0; tick < settleTicks + measureTicks; tick++) {
    room.step(tick);
    if (!isPatchTick(tick)) continue;
    const counting = tick >= settleTicks;
    for (const [i, self] of players.entries()) {
      const halfWidth = VIEW_HALF_WIDTH + rule.margin;
      const halfHeight = VIEW_HALF_HEIGHT + rule.margin;
      const need = {
        c0: cellOf(self.x - halfWidth),
        c1: cellOf(self.x + halfWidth),
        r0: cellOf(self.y - halfHeight),
        r1: cellOf(self.y + halfHeight),
      };
      const range = (held[i] = nextRange(held[i]!, need, rule.slack));
      const flags = shown[i]!;
      for (const orb of world.orbs) {
        const [column, row] = [cellOf(orb.x), cellOf(orb.y)];
        const inside = orb.cell >= 0 && column >= range.c0 && column <= range.c1 && row >= range.r0 && row <= range.r1;
        const moved = lastX[orb.id] !== orb.x || lastY[orb.id] !== orb.y;
        if (counting) {
          if (inside && !flags[orb.id]) totals.adds++;
          else if (!inside && flags[orb.id]) totals.drops++;
          else if (inside && moved) totals.moves++;
          if (inside) totals.held++;
        }
        flags[orb.id] = inside ? 1 : 0;
      }
      if (counting) totals.views++;
    }
    for (const orb of world.orbs) {
      lastX[orb.id] = orb.x;
      lastY[orb.id] = orb.y;
    }
  }
  return totals;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
console.log(
  '| players | cell | margin | slack | adds/s | drops/s | moves/s | est. B/s | orbs held |\n|---|---|---|---|---|---|---|---|---|',
);
for (const size of sizes) {
  for (const rule of rules) {
    const sum = { adds: 0, drops: 0, moves: 0, held: 0, views: 0 };
    for (let seed = 1; seed <= seeds; seed++) {
      const run = runRoom(seed, size, rule);
      for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += run[key];
    }
    const perSecond = (count: number) => (count / sum.views) * 20;
    const [adds, drops, moves] = [perSecond(sum.adds), perSecond(sum.drops), perSecond(sum.moves)];
    const bytes = adds * 19 + drops * 3 + moves * 7;
    const row = {
      size,
      ...rule,
      adds: round(adds),
      drops: round(drops),
      moves: round(moves),
      bytes: Math.round(bytes),
    };
    console.error(JSON.stringify({ ...row, held: round(sum.held / sum.views, 1) }));
    console.log(
      `| ${[size, rule.cell, rule.margin, rule.slack, row.adds, row.drops, row.moves, row.bytes, round(sum.held / sum.views, 1)].join(' | ')} |`,
    );
  }
}
