import { $changes, Encoder, type StateView } from '@colyseus/schema';
import {
  ARENA_SIZE,
  ArenaState,
  INTEREST_MARGIN,
  Player,
  VIEW_HALF_HEIGHT,
  VIEW_HALF_WIDTH,
  addPlayer,
  GRID_CELL,
  GRID_COLUMNS,
  cellCoordinate,
  createWorld,
  parkOrb,
  placeOrb,
  removePlayer,
  type World,
} from '@orb-arena/shared';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { InterestManager, ORB_CELL_SLACK } from '../src/rooms/InterestManager.ts';
import { createOrbEntities, syncPlayer, syncPlayers } from '../src/rooms/projection.ts';

/*
 * The incremental interest views against a brute-force recompute: after every step of a random walk
 * (players moving, crossing cells or jumping, orbs eaten and re-placed, players joining and leaving,
 * dying and following their eater, phones turning), each view must hold exactly what the rules say,
 * computed here from the world alone: its own player, the other players whose centre lies in its
 * rectangle, and the orbs of a rectangle of whole cells that holds the cells the view's rectangle
 * touches and at most ORB_CELL_SLACK more on each side.
 */

const LANDSCAPE = { halfWidth: VIEW_HALF_WIDTH + INTEREST_MARGIN, halfHeight: VIEW_HALF_HEIGHT + INTEREST_MARGIN };
const PORTRAIT = { halfWidth: LANDSCAPE.halfHeight, halfHeight: LANDSCAPE.halfWidth };

type Action =
  | { kind: 'move'; who: number; dx: number; dy: number }
  | { kind: 'jump'; who: number; x: number; y: number }
  | { kind: 'eat'; orb: number }
  | { kind: 'join'; x: number; y: number }
  | { kind: 'leave'; who: number }
  | { kind: 'die'; who: number; eater: number }
  | { kind: 'respawn'; who: number }
  | { kind: 'turn'; who: number };

const coordinate = fc.integer({ min: 0, max: ARENA_SIZE * 16 }).map((n) => n / 16);
const action: fc.Arbitrary<Action> = fc.oneof(
  // Small steps most of the time (a patch's worth of movement, often across a cell border)...
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      who: fc.nat(),
      dx: fc.integer({ min: -40, max: 40 }),
      dy: fc.integer({ min: -40, max: 40 }),
    }),
  },
  // ...and sometimes a jump (a respawn elsewhere, a teleport in a test).
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('jump' as const), who: fc.nat(), x: coordinate, y: coordinate }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('eat' as const), orb: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('join' as const), x: coordinate, y: coordinate }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leave' as const), who: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('die' as const), who: fc.nat(), eater: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('respawn' as const), who: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('turn' as const), who: fc.nat() }) },
);

/** A room's worth of interest bookkeeping without the network: world, state, encoder, views. */
class Rig {
  readonly world: World;
  readonly state = new ArenaState();
  readonly interest: InterestManager;
  readonly orbKeys: string[];
  readonly views = new Map<string, { view: StateView; portrait: boolean; following: string | null }>();
  private nextId = 0;

  constructor(seed: number) {
    this.world = createWorld(seed, { orbCount: 150 });
    new Encoder(this.state); // gives the state the root that views bind to
    this.orbKeys = this.world.orbs.map((orb) => String(orb.id));
    createOrbEntities(this.world, this.state, this.orbKeys);
    this.interest = new InterestManager({ state: this.state, world: this.world, orbKeys: this.orbKeys });
  }

  ids(): string[] {
    return [...this.world.players.keys()];
  }

  pick(n: number): string | undefined {
    const ids = this.ids();
    return ids.length === 0 ? undefined : ids[n % ids.length];
  }

  /** Adds a player with a view; at (x, y) when given, else where the spawn search puts it. */
  join(at?: { x: number; y: number }): void {
    const id = `p${this.nextId++}`;
    const player = addPlayer(this.world, id, id);
    if (at) Object.assign(player, { x: at.x, y: at.y });
    const entity = new Player();
    syncPlayer(player, entity);
    this.state.players.set(id, entity);
    this.interest.addPlayer(id);
    this.views.set(id, { view: this.interest.watch(id), portrait: false, following: null });
  }

  apply(step: Action): void {
    if (step.kind === 'join') return this.join(step);
    if (step.kind === 'eat') return placeOrb(this.world, this.world.orbs[step.orb % this.world.orbs.length]!);
    const id = this.pick(step.who);
    if (id === undefined) return;
    const player = this.world.players.get(id)!;
    switch (step.kind) {
      case 'move':
        player.x = Math.min(ARENA_SIZE, Math.max(0, player.x + step.dx));
        player.y = Math.min(ARENA_SIZE, Math.max(0, player.y + step.dy));
        return;
      case 'jump':
        player.x = step.x;
        player.y = step.y;
        return;
      case 'leave':
        removePlayer(this.world, id);
        this.state.players.delete(id);
        this.interest.removePlayer(id);
        this.views.delete(id);
        return;
      case 'die': {
        const eater = this.pick(step.eater);
        if (eater === undefined || eater === id || !player.alive) return;
        player.alive = false;
        this.interest.followUntilRespawn(id, eater);
        this.views.get(id)!.following = eater;
        return;
      }
      case 'respawn':
        player.alive = true;
        this.views.get(id)!.following = null;
        return;
      case 'turn': {
        const watched = this.views.get(id)!;
        watched.portrait = !watched.portrait;
        this.interest.setPortrait(id, watched.portrait);
      }
    }
  }

  /** Every way a view differs from the rules, recomputed from scratch; empty when all agree. */
  differences(): string[] {
    const problems: string[] = [];
    for (const [id, watched] of this.views) {
      const own = this.world.players.get(id)!;
      // A dead player's view follows its eater while that one is still in the room.
      const followed = !own.alive && watched.following !== null ? this.world.players.get(watched.following) : undefined;
      if (own.alive) watched.following = null;
      const centre = followed ?? own;
      const { halfWidth, halfHeight } = watched.portrait ? PORTRAIT : LANDSCAPE;
      const visible = (entity: object) => watched.view.isChangeTreeVisible((entity as { [$changes]: never })[$changes]);
      for (const [otherId, other] of this.world.players) {
        const expected =
          otherId === id || (Math.abs(other.x - centre.x) <= halfWidth && Math.abs(other.y - centre.y) <= halfHeight);
        if (visible(this.state.players.get(otherId)!) !== expected) {
          problems.push(`${id} ${expected ? 'misses' : 'wrongly sees'} player ${otherId}`);
        }
      }
      // Orbs: the cells the rectangle touches must be shown whole, nothing beyond ORB_CELL_SLACK more
      // cells on each side, and what is shown must be whole cells forming one rectangle of cells.
      const need = {
        c0: cellCoordinate(centre.x - halfWidth),
        c1: cellCoordinate(centre.x + halfWidth),
        r0: cellCoordinate(centre.y - halfHeight),
        r1: cellCoordinate(centre.y + halfHeight),
      };
      const shown = this.world.orbs.filter((orb) => visible(this.state.orbs.get(this.orbKeys[orb.id]!)!));
      const columns = shown.map((orb) => cellCoordinate(orb.x));
      const rows = shown.map((orb) => cellCoordinate(orb.y));
      const held = {
        c0: Math.min(need.c0, ...columns),
        c1: Math.max(need.c1, ...columns),
        r0: Math.min(need.r0, ...rows),
        r1: Math.max(need.r1, ...rows),
      };
      if (need.c0 - held.c0 > ORB_CELL_SLACK || held.c1 - need.c1 > ORB_CELL_SLACK) {
        problems.push(`${id} holds orb columns ${held.c0}..${held.c1} for ${need.c0}..${need.c1}`);
      }
      if (need.r0 - held.r0 > ORB_CELL_SLACK || held.r1 - need.r1 > ORB_CELL_SLACK) {
        problems.push(`${id} holds orb rows ${held.r0}..${held.r1} for ${need.r0}..${need.r1}`);
      }
      for (const orb of this.world.orbs) {
        const column = cellCoordinate(orb.x);
        const row = cellCoordinate(orb.y);
        const expected = column >= held.c0 && column <= held.c1 && row >= held.r0 && row <= held.r1;
        if (visible(this.state.orbs.get(this.orbKeys[orb.id]!)!) !== expected) {
          problems.push(`${id} ${expected ? 'misses' : 'wrongly sees'} orb ${orb.id}`);
        }
      }
    }
    return problems;
  }
}

test('incremental views equal a brute-force recompute after every step of a random walk', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2 ** 31 }),
      fc.array(action, { minLength: 1, maxLength: 120 }),
      (seed, steps) => {
        const rig = new Rig(seed);
        for (let i = 0; i < 4; i++) rig.join();
        rig.interest.update();
        expect(rig.differences()).toEqual([]);
        for (const step of steps) {
          rig.apply(step);
          syncPlayers(rig.world, rig.state);
          rig.interest.update();
          expect(rig.differences(), JSON.stringify(step)).toEqual([]);
        }
      },
    ),
    { numRuns: 60 },
  );
});

test('a player crossing a cell border changes only that player in other views, and orbs only for its own', () => {
  const rig = new Rig(7);
  rig.join();
  rig.join();
  const [a, b] = rig.ids() as [string, string];
  const playerA = rig.world.players.get(a)!;
  const playerB = rig.world.players.get(b)!;
  Object.assign(playerA, { x: 2000, y: 2000 });
  Object.assign(playerB, { x: 2000 + LANDSCAPE.halfWidth - 1, y: 2000 });
  rig.interest.update();
  const viewA = rig.views.get(a)!.view;
  const entityB = rig.state.players.get(b)!;
  expect(viewA.isChangeTreeVisible(entityB[$changes]!)).toBe(true);
  // B steps out of A's rectangle: A's view drops it; B's own orbs follow B across a cell border.
  playerB.x += 2;
  rig.interest.update();
  expect(viewA.isChangeTreeVisible(entityB[$changes]!)).toBe(false);
  expect(rig.differences()).toEqual([]);
});

test('a view keeps the orbs of a column it just left for one cell, so stepping back over the border sends nothing again', () => {
  const rig = new Rig(11);
  rig.join({ x: 2000, y: 2000 });
  const [id] = rig.ids() as [string];
  const player = rig.world.players.get(id)!;
  const view = rig.views.get(id)!.view;
  // One orb in column 3 (1000 units, GRID_CELL 250 wide, start at 750), level with the player.
  const orb = rig.world.orbs[0]!;
  const entity = rig.state.orbs.get(rig.orbKeys[0]!)!;
  parkOrb(rig.world, orb);
  Object.assign(orb, { x: 800, y: 2000, cell: cellCoordinate(2000) * GRID_COLUMNS + cellCoordinate(800) });
  rig.world.orbGrid[orb.cell]!.push(orb.id);
  entity.x = orb.x;
  entity.y = orb.y;
  const visible = () => view.isChangeTreeVisible(entity[$changes]!);
  // The rectangle's left edge just inside column 4, then just inside column 3, then back.
  player.x = 1000 + LANDSCAPE.halfWidth + 1;
  rig.interest.update();
  expect(visible()).toBe(false);
  player.x -= 2;
  rig.interest.update();
  expect(visible()).toBe(true);
  player.x += 2;
  rig.interest.update();
  expect(visible()).toBe(true);
  // Two columns away it is dropped.
  player.x += GRID_CELL;
  rig.interest.update();
  expect(visible()).toBe(false);
  expect(rig.differences()).toEqual([]);
});
