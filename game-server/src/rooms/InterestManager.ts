import { StateView } from '@colyseus/schema';
import {
  GRID_COLUMNS,
  INTEREST_MARGIN,
  OWNER_VIEW_TAG,
  VIEW_HALF_HEIGHT,
  VIEW_HALF_WIDTH,
  cellCoordinate,
  type ArenaState,
  type Player,
  type SimOrb,
  type SimPlayer,
  type World,
} from '@orb-arena/shared';

/** Players a watcher's membership array holds before it first grows (it doubles when outgrown). */
const INITIAL_SLOTS = 64;

/** What one client is currently sent. */
interface Watcher {
  playerId: string;
  view: StateView;
  /**
   * Orbs in exactly the cells of columns c0..c1 and rows r0..r1 are in the view; c0 > c1 (no cell)
   * until the first update.
   */
  c0: number;
  c1: number;
  r0: number;
  r1: number;
  /** shown[slot] is 1 while the player in that slot is in the view (other players only). */
  shown: Uint8Array;
  /** The slot of its own player, -1 for a spectator. */
  ownSlot: number;
  /** Half the view rectangle plus INTEREST_MARGIN, units (turned for a portrait screen). */
  halfWidth: number;
  halfHeight: number;
  /** A spectator's view follows this point instead of an own player. */
  focus: (() => { x: number; y: number } | undefined) | undefined;
  /** While the own player is dead, its view follows this player (its eater). */
  following: string | null;
  /** The slot of the player whose owner-only fields a spectator is sent (the one it follows), -1 none. */
  ownerFieldsSlot: number;
  /** The slot whose player is in the view with OWNER_VIEW_TAG now: only while shown, -1 none. */
  taggedSlot: number;
}

const HALF_WIDTH = VIEW_HALF_WIDTH + INTEREST_MARGIN;
const HALF_HEIGHT = VIEW_HALF_HEIGHT + INTEREST_MARGIN;

/**
 * Cells a view keeps beyond those its rectangle touches, on each side, before it drops them. Orbs never
 * move unless eaten, and a player wanders back and forth: without slack, every step back over a cell
 * border sent the column or row of orbs it had just dropped again (about 20 bytes an orb). With one
 * cell of slack a full room's clients received 164 B/s of orbs entering and leaving against 269
 * (`npm run bench:bytes`, BENCHMARKS.md).
 */
export const ORB_CELL_SLACK = 1;

/** The new low column (or row) of a view's orb range: kept while it covers `need` with at most ORB_CELL_SLACK to spare. */
function lowEdge(current: number, need: number, fresh: boolean): number {
  if (fresh || current > need) return need;
  return current < need - ORB_CELL_SLACK ? need - ORB_CELL_SLACK : current;
}

/** The new high column (or row) of a view's orb range (see lowEdge). */
function highEdge(current: number, need: number, fresh: boolean): number {
  if (fresh || current < need) return need;
  return current > need + ORB_CELL_SLACK ? need + ORB_CELL_SLACK : current;
}

function covers(watcher: Watcher, cell: number): boolean {
  const row = Math.floor(cell / GRID_COLUMNS);
  const column = cell - row * GRID_COLUMNS;
  return column >= watcher.c0 && column <= watcher.c1 && row >= watcher.r0 && row <= watcher.r1;
}

/**
 * Keeps each client's StateView equal to what its screen shows plus INTEREST_MARGIN: the players whose
 * centre lies in that rectangle, and the orbs of a range of grid cells that holds every cell it touches
 * and at most ORB_CELL_SLACK more on each side (a range is kept until the rectangle leaves it or gets
 * more than the slack away from one of its edges). Its own player is always
 * in view with OWNER_VIEW_TAG (so it also gets its score and rank); the leaderboard and the match
 * fields are public and need no view. A spectator's view is centred on its camera point instead
 * (watchPoint), and a dead player's on its eater until it respawns (followUntilRespawn).
 *
 * Work per update is proportional to what changed, and allocates nothing in steady state:
 * - orbs: a view's orb cells are recomputed from its centre (four integers); cells are added or
 *   dropped only when that range changes, i.e. when the centre crosses a cell border, and a single
 *   orb is added or dropped only when it changes cell (eaten and re-placed);
 * - players: each player has a slot, each view a byte per slot; the exact rectangle test is a few
 *   number compares per pair over those arrays (no hashing, no Set), and StateView.add/remove run
 *   only for a player that came into or left the rectangle. (Sending players by cell instead would
 *   show up to a whole cell more on each side: about 40 % more players' bytes per client.)
 */
export class InterestManager {
  private readonly watchers = new Map<string, Watcher>();
  /** The same watchers, for indexed loops (no iterator per patch). */
  private readonly watcherList: Watcher[] = [];
  /** The cell each orb was in at the last update, to see where eaten orbs came from. */
  private readonly knownOrbCells: Int32Array;

  /** Slot of each player in the room, and the world's and the state's object for each slot. */
  private readonly slotOf = new Map<string, number>();
  private readonly slotPlayers: (SimPlayer | undefined)[] = [];
  private readonly slotEntities: (Player | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  /** Slots in use or used before: 0..slotCount-1. */
  private slotCount = 0;
  /** Length of every watcher's `shown`. */
  private slotCapacity = INITIAL_SLOTS;

  private readonly state: ArenaState;
  private readonly world: World;
  private readonly orbKeys: readonly string[];
  private readonly everything: boolean;

  /**
   * @param options.orbKeys map key of each orb id in state.orbs
   * @param options.mode 'all' puts every entity in every view: the benchmark's no-interest reference.
   *   @default 'view'
   */
  constructor(options: { state: ArenaState; world: World; orbKeys: readonly string[]; mode?: 'view' | 'all' }) {
    ({ state: this.state, world: this.world, orbKeys: this.orbKeys } = options);
    this.everything = options.mode === 'all';
    this.knownOrbCells = Int32Array.from(this.world.orbs, (orb) => orb.cell);
  }

  /** Registers a player that was just put in the world and the state, so views can show it. */
  addPlayer(id: string): void {
    const player = this.world.players.get(id);
    const entity = this.state.players.get(id);
    if (!player || !entity || this.slotOf.has(id)) return;
    const slot = this.freeSlots.pop() ?? this.slotCount++;
    if (slot >= this.slotCapacity) this.growSlots();
    this.slotOf.set(id, slot);
    this.slotPlayers[slot] = player;
    this.slotEntities[slot] = entity;
  }

  /** Forgets a player taken out of the world (and stops its view, if it had one). */
  removePlayer(id: string): void {
    this.unwatch(id);
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.slotPlayers[slot] = undefined;
    this.slotEntities[slot] = undefined;
    for (let w = 0; w < this.watcherList.length; w++) {
      const watcher = this.watcherList[w]!;
      watcher.shown[slot] = 0;
      if (watcher.ownerFieldsSlot === slot) watcher.ownerFieldsSlot = -1;
      if (watcher.taggedSlot === slot) watcher.taggedSlot = -1;
    }
    this.freeSlots.push(slot);
  }

  /**
   * Starts a view for `sessionId`, whose player must already be in the state (and added with
   * addPlayer); `portrait` turns the rectangle a quarter (see ViewMessage). Returns the view.
   */
  watch(sessionId: string, portrait = false): StateView {
    const view = new StateView();
    const own = this.state.players.get(sessionId);
    if (own) view.add(own, OWNER_VIEW_TAG);
    this.addWatcher(sessionId, view, { ownSlot: this.slotOf.get(sessionId) ?? -1, focus: undefined, portrait });
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
    this.addWatcher(sessionId, view, { ownSlot: -1, focus, portrait });
    return view;
  }

  /** While `sessionId`'s player is dead its view follows `eaterId`, so it can watch its eater until respawn. */
  followUntilRespawn(sessionId: string, eaterId: string): void {
    const watcher = this.watchers.get(sessionId);
    if (watcher) watcher.following = eaterId;
  }

  /**
   * A spectator is also sent the owner-only fields (score, rank) of the player it follows, `playerId`
   * (null: none), while that player is in its view: its stats bar shows the followed player's points and
   * rank, which the public leaderboard has only for the top LEADERBOARD_SIZE. Applied at the next update.
   */
  showOwnerFields(sessionId: string, playerId: string | null): void {
    const watcher = this.watchers.get(sessionId);
    if (watcher) watcher.ownerFieldsSlot = playerId === null ? -1 : (this.slotOf.get(playerId) ?? -1);
  }

  /** The view of a watched session (for a reconnecting client), if any. */
  viewOf(sessionId: string): StateView | undefined {
    return this.watchers.get(sessionId)?.view;
  }

  /**
   * Calls `visit` once for each watched session that is one of `playerIds` or shows one of them in its
   * view as of the last update (a spectator or a dead player's view included): who could have seen
   * something happen to those players.
   */
  forEachWitness(playerIds: readonly string[], visit: (sessionId: string) => void): void {
    for (let w = 0; w < this.watcherList.length; w++) {
      const watcher = this.watcherList[w]!;
      if (this.witnesses(watcher, playerIds)) visit(watcher.playerId);
    }
  }

  private witnesses(watcher: Watcher, playerIds: readonly string[]): boolean {
    for (let i = 0; i < playerIds.length; i++) {
      const slot = this.slotOf.get(playerIds[i]!);
      if (playerIds[i] === watcher.playerId || (slot !== undefined && watcher.shown[slot] === 1)) return true;
    }
    return false;
  }

  /** Stops tracking a session's view. */
  unwatch(sessionId: string): void {
    const watcher = this.watchers.get(sessionId);
    if (!watcher) return;
    watcher.view.dispose();
    this.watchers.delete(sessionId);
    const list = this.watcherList;
    const at = list.indexOf(watcher);
    list[at] = list[list.length - 1]!;
    list.pop();
  }

  /**
   * Brings every view up to date with the world. Call it right before each patch is encoded (not every
   * tick: views only matter when a patch goes out). Orbs eaten since the last call are found by
   * comparing their cells with the cells last seen, one integer compare per orb.
   */
  update(): void {
    const orbs = this.world.orbs;
    for (let id = 0; id < orbs.length; id++) {
      if (orbs[id]!.cell !== this.knownOrbCells[id]) this.moveOrb(orbs[id]!);
    }
    for (let w = 0; w < this.watcherList.length; w++) {
      const watcher = this.watcherList[w]!;
      const at = this.focusOf(watcher);
      if (!at) continue;
      this.updateOrbs(watcher, at.x, at.y);
      this.updatePlayers(watcher, at.x, at.y);
    }
  }

  private addWatcher(
    sessionId: string,
    view: StateView,
    { ownSlot, focus, portrait }: Pick<Watcher, 'ownSlot' | 'focus'> & { portrait: boolean },
  ): void {
    this.unwatch(sessionId);
    const watcher: Watcher = {
      playerId: sessionId,
      view,
      c0: 0,
      c1: -1,
      r0: 0,
      r1: -1,
      shown: new Uint8Array(this.slotCapacity),
      ownSlot,
      halfWidth: 0,
      halfHeight: 0,
      focus,
      following: null,
      ownerFieldsSlot: -1,
      taggedSlot: -1,
    };
    this.watchers.set(sessionId, watcher);
    this.watcherList.push(watcher);
    this.setPortrait(sessionId, portrait);
  }

  private growSlots(): void {
    this.slotCapacity *= 2;
    for (let w = 0; w < this.watcherList.length; w++) {
      const watcher = this.watcherList[w]!;
      const shown = new Uint8Array(this.slotCapacity);
      shown.set(watcher.shown);
      watcher.shown = shown;
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
    for (let w = 0; w < this.watcherList.length; w++) {
      const watcher = this.watcherList[w]!;
      const before = covers(watcher, from);
      const after = covers(watcher, orb.cell);
      if (before && !after) watcher.view.remove(entity);
      else if (after && !before) watcher.view.add(entity);
    }
  }

  /** Moves the watcher's orb cells to those around (x, y): only cells that enter or leave are touched. */
  private updateOrbs(watcher: Watcher, x: number, y: number): void {
    const last = GRID_COLUMNS - 1;
    const fresh = watcher.c0 > watcher.c1;
    const c0 = this.everything ? 0 : lowEdge(watcher.c0, cellCoordinate(x - watcher.halfWidth), fresh);
    const c1 = this.everything ? last : highEdge(watcher.c1, cellCoordinate(x + watcher.halfWidth), fresh);
    const r0 = this.everything ? 0 : lowEdge(watcher.r0, cellCoordinate(y - watcher.halfHeight), fresh);
    const r1 = this.everything ? last : highEdge(watcher.r1, cellCoordinate(y + watcher.halfHeight), fresh);
    if (c0 === watcher.c0 && c1 === watcher.c1 && r0 === watcher.r0 && r1 === watcher.r1) return;
    // Cells of the old range outside the new one leave the view...
    for (let row = watcher.r0; row <= watcher.r1; row++) {
      for (let column = watcher.c0; column <= watcher.c1; column++) {
        if (column < c0 || column > c1 || row < r0 || row > r1)
          this.setCellVisible(watcher.view, row * GRID_COLUMNS + column, false);
      }
    }
    // ...and cells of the new range outside the old one enter it.
    for (let row = r0; row <= r1; row++) {
      for (let column = c0; column <= c1; column++) {
        if (column < watcher.c0 || column > watcher.c1 || row < watcher.r0 || row > watcher.r1) {
          this.setCellVisible(watcher.view, row * GRID_COLUMNS + column, true);
        }
      }
    }
    watcher.c0 = c0;
    watcher.c1 = c1;
    watcher.r0 = r0;
    watcher.r1 = r1;
  }

  private updatePlayers(watcher: Watcher, x: number, y: number): void {
    const shown = watcher.shown;
    for (let slot = 0; slot < this.slotCount; slot++) {
      const other = this.slotPlayers[slot];
      if (other === undefined || slot === watcher.ownSlot) continue;
      const inside =
        this.everything || (Math.abs(other.x - x) <= watcher.halfWidth && Math.abs(other.y - y) <= watcher.halfHeight);
      if (inside === (shown[slot] === 1)) continue;
      const entity = this.slotEntities[slot]!;
      if (inside) {
        watcher.view.add(entity);
        shown[slot] = 1;
      } else {
        if (slot === watcher.taggedSlot) this.untag(watcher, entity);
        watcher.view.remove(entity);
        shown[slot] = 0;
      }
    }
    if (watcher.taggedSlot !== watcher.ownerFieldsSlot) this.retag(watcher);
  }

  /**
   * Moves OWNER_VIEW_TAG to the player whose owner-only fields the watcher is to be sent, once it is
   * shown. The tag is only ever on a shown player: a tag outlives a plain `view.remove` in
   * @colyseus/schema 5, so a player leaving the view is untagged first (updatePlayers).
   */
  private retag(watcher: Watcher): void {
    if (watcher.taggedSlot !== -1) {
      const entity = this.slotEntities[watcher.taggedSlot]!;
      this.untag(watcher, entity);
      watcher.view.add(entity); // still shown, now without its owner-only fields
    }
    const slot = watcher.ownerFieldsSlot;
    if (slot === -1 || watcher.shown[slot] !== 1) return;
    watcher.view.add(this.slotEntities[slot]!, OWNER_VIEW_TAG);
    watcher.taggedSlot = slot;
  }

  /** Takes OWNER_VIEW_TAG off a player (its owner-only fields are deleted on the client; the player leaves the view too). */
  private untag(watcher: Watcher, entity: Player): void {
    watcher.view.remove(entity, OWNER_VIEW_TAG);
    watcher.taggedSlot = -1;
  }

  private setCellVisible(view: StateView, cell: number, visible: boolean): void {
    const ids = this.world.orbGrid[cell]!;
    for (let i = 0; i < ids.length; i++) {
      const entity = this.state.orbs.get(this.orbKeys[ids[i]!]!);
      if (!entity) continue;
      if (visible) view.add(entity);
      else view.remove(entity);
    }
  }
}
