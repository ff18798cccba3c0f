import { StateView } from '@colyseus/schema';
import {
  GRID_COLUMNS,
  INTEREST_MARGIN,
  OWNER_VIEW_TAG,
  VIEW_HALF_HEIGHT,
  VIEW_HALF_WIDTH,
  cellCoordinate,
  type ArenaState,
  type SimOrb,
  type SimPlayer,
  type World,
} from '@orb-arena/shared';

/** Inclusive range of grid cells, columns c0..c1 and rows r0..r1. */
interface CellRange {
  c0: number;
  c1: number;
  r0: number;
  r1: number;
}

/** What one client is currently sent. */
interface Watcher {
  playerId: string;
  view: StateView;
  /** Orbs in exactly these cells are in the view. */
  cells: CellRange | null;
  /** Other players in the view. */
  players: Set<string>;
  /** Half the view rectangle plus INTEREST_MARGIN, units (turned for a portrait screen). */
  halfWidth: number;
  halfHeight: number;
  /** A spectator's view follows this point instead of an own player. */
  focus?: () => { x: number; y: number } | undefined;
  /** While the own player is dead, its view follows this player (its eater). */
  following: string | null;
}

const HALF_WIDTH = VIEW_HALF_WIDTH + INTEREST_MARGIN;
const HALF_HEIGHT = VIEW_HALF_HEIGHT + INTEREST_MARGIN;

const EVERY_CELL: CellRange = { c0: 0, c1: GRID_COLUMNS - 1, r0: 0, r1: GRID_COLUMNS - 1 };

function covers(range: CellRange | null, cell: number): boolean {
  if (!range) return false;
  const row = Math.floor(cell / GRID_COLUMNS);
  const column = cell % GRID_COLUMNS;
  return column >= range.c0 && column <= range.c1 && row >= range.r0 && row <= range.r1;
}

function rangeAround(x: number, y: number, watcher: Watcher): CellRange {
  return {
    c0: cellCoordinate(x - watcher.halfWidth),
    c1: cellCoordinate(x + watcher.halfWidth),
    r0: cellCoordinate(y - watcher.halfHeight),
    r1: cellCoordinate(y + watcher.halfHeight),
  };
}

function sameRange(a: CellRange | null, b: CellRange): boolean {
  return a !== null && a.c0 === b.c0 && a.c1 === b.c1 && a.r0 === b.r0 && a.r1 === b.r1;
}

/**
 * Keeps each client's StateView equal to what its screen shows plus INTEREST_MARGIN: the players whose
 * centre lies in that rectangle, and the orbs in the grid cells it touches. Its own player is always
 * in view with OWNER_VIEW_TAG (so it also gets its score and rank); the leaderboard and the match
 * fields are public and need no view. A spectator's view is centred on its camera point instead
 * (watchPoint), and a dead player's on its eater until it respawns (followUntilRespawn). Work per update is proportional to what changed: orbs are
 * revisited only when a client crosses a cell border or an orb is eaten.
 */
export class InterestManager {
  private readonly watchers = new Map<string, Watcher>();
  /** The cell each orb was in at the last update, to see where eaten orbs came from. */
  private readonly knownOrbCells: Int32Array;

  private readonly state: ArenaState;
  private readonly world: World;
  private readonly orbKeys: readonly string[];
  private readonly mode: 'view' | 'all';

  /**
   * @param options.orbKeys map key of each orb id in state.orbs
   * @param options.mode 'all' puts every entity in every view: the benchmark's no-interest reference.
   *   @default 'view'
   */
  constructor(options: { state: ArenaState; world: World; orbKeys: readonly string[]; mode?: 'view' | 'all' }) {
    ({ state: this.state, world: this.world, orbKeys: this.orbKeys } = options);
    this.mode = options.mode ?? 'view';
    const world = this.world;
    this.knownOrbCells = Int32Array.from(world.orbs, (orb) => orb.cell);
  }

  /**
   * Starts a view for `sessionId`, whose player must already be in the state; `portrait` turns the
   * rectangle a quarter (see ViewMessage). Returns the view.
   */
  watch(sessionId: string, portrait = false): StateView {
    const view = new StateView();
    const own = this.state.players.get(sessionId);
    if (own) view.add(own, OWNER_VIEW_TAG);
    const watcher: Watcher = { playerId: sessionId, view, cells: null, players: new Set(), halfWidth: 0, halfHeight: 0, following: null };
    this.watchers.set(sessionId, watcher);
    this.setPortrait(sessionId, portrait);
    return view;
  }

  /** Turns a session's view rectangle for a portrait (or back to a landscape) screen; the next update applies it. */
  setPortrait(sessionId: string, portrait: boolean): void {
    const watcher = this.watchers.get(sessionId);
    if (!watcher) return;
    watcher.halfWidth = portrait ? HALF_HEIGHT : HALF_WIDTH;
    watcher.halfHeight = portrait ? HALF_WIDTH : HALF_HEIGHT;
  }

  /**
   * Starts a view for a spectator (no player of its own): it is sent what a player standing at
   * `focus()` would be; nothing while `focus()` is undefined. Returns the view.
   */
  watchPoint(sessionId: string, focus: () => { x: number; y: number } | undefined, portrait = false): StateView {
    const view = new StateView();
    this.watchers.set(sessionId, {
      playerId: sessionId,
      view,
      cells: null,
      players: new Set(),
      halfWidth: 0,
      halfHeight: 0,
      focus,
      following: null,
    });
    this.setPortrait(sessionId, portrait);
    return view;
  }

  /** While `sessionId`'s player is dead its view follows `eaterId`, so it can watch its eater until respawn. */
  followUntilRespawn(sessionId: string, eaterId: string): void {
    const watcher = this.watchers.get(sessionId);
    if (watcher) watcher.following = eaterId;
  }

  /** The view of a watched session (for a reconnecting client), if any. */
  viewOf(sessionId: string): StateView | undefined {
    return this.watchers.get(sessionId)?.view;
  }

  /** Stops tracking a session and forgets its player in everyone else's bookkeeping. */
  unwatch(sessionId: string): void {
    this.watchers.get(sessionId)?.view.dispose();
    this.watchers.delete(sessionId);
    for (const watcher of this.watchers.values()) watcher.players.delete(sessionId);
  }

  /**
   * Brings every view up to date with the world. Call it right before each patch is encoded (not every
   * tick: views only matter when a patch goes out). Orbs eaten since the last call are found by
   * comparing their cells with the cells last seen, 400 integer compares.
   */
  update(): void {
    for (const orb of this.world.orbs) {
      if (orb.cell !== this.knownOrbCells[orb.id]) this.moveOrb(orb);
    }
    const players = [...this.world.players.values()];
    for (const watcher of this.watchers.values()) {
      const at = this.focusOf(watcher);
      if (!at) continue;
      this.updateOrbs(watcher, rangeAround(at.x, at.y, watcher));
      this.updatePlayers(watcher, at, players);
    }
  }

  /** The centre of a watcher's view: its focus point, its own player, or (dead) the player it follows. */
  private focusOf(watcher: Watcher): { x: number; y: number } | undefined {
    if (watcher.focus) return watcher.focus();
    const own = this.world.players.get(watcher.playerId);
    if (!own || own.alive) {
      watcher.following = null;
      return own;
    }
    return (watcher.following === null ? undefined : this.world.players.get(watcher.following)) ?? own;
  }

  private moveOrb(orb: SimOrb): void {
    const from = this.knownOrbCells[orb.id]!;
    this.knownOrbCells[orb.id] = orb.cell;
    const entity = this.state.orbs.get(this.orbKeys[orb.id]!);
    if (!entity) return;
    for (const watcher of this.watchers.values()) {
      const before = covers(watcher.cells, from);
      const after = covers(watcher.cells, orb.cell);
      if (before && !after) watcher.view.remove(entity);
      else if (after && !before) watcher.view.add(entity);
    }
  }

  private updateOrbs(watcher: Watcher, next: CellRange): void {
    if (this.mode === 'all') next = EVERY_CELL;
    if (sameRange(watcher.cells, next)) return;
    const previous = watcher.cells;
    if (previous) {
      this.forEachCell(previous, (cell) => {
        if (!covers(next, cell)) this.setCellVisible(watcher.view, cell, false);
      });
    }
    this.forEachCell(next, (cell) => {
      if (!covers(previous, cell)) this.setCellVisible(watcher.view, cell, true);
    });
    watcher.cells = next;
  }

  private updatePlayers(watcher: Watcher, own: { x: number; y: number }, players: readonly SimPlayer[]): void {
    for (const other of players) {
      if (other.id === watcher.playerId) continue;
      const inside =
        this.mode === 'all' ||
        (Math.abs(other.x - own.x) <= watcher.halfWidth && Math.abs(other.y - own.y) <= watcher.halfHeight);
      const shown = watcher.players.has(other.id);
      if (inside === shown) continue;
      const entity = this.state.players.get(other.id);
      if (!entity) continue;
      if (inside) {
        watcher.view.add(entity);
        watcher.players.add(other.id);
      } else {
        watcher.view.remove(entity);
        watcher.players.delete(other.id);
      }
    }
  }

  private setCellVisible(view: StateView, cell: number, visible: boolean): void {
    for (const id of this.world.orbGrid[cell]!) {
      const entity = this.state.orbs.get(this.orbKeys[id]!);
      if (!entity) continue;
      if (visible) view.add(entity);
      else view.remove(entity);
    }
  }

  private forEachCell(range: CellRange, visit: (cell: number) => void): void {
    for (let row = range.r0; row <= range.r1; row++) {
      for (let column = range.c0; column <= range.c1; column++) visit(row * GRID_COLUMNS + column);
    }
  }
}
