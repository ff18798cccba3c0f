import { schema, t, type SchemaType } from '@colyseus/schema';
import { ARENA_SIZE, POSITION_MAX, START_MASS } from '../constants.ts';

/**
 * View tag for fields only the owning client receives (its score, rank). The server adds a client's
 * own Player to its StateView with this tag; everyone else sees the untagged fields only.
 */
export const OWNER_VIEW_TAG = 1;

/**
 * A world coordinate on the wire: 16 bits over [0, POSITION_MAX], which is exactly the
 * POSITION_STEP (1/16 unit) grid the simulation snaps to, so the decoded value equals the server's.
 */
const position = () => t.quantized({ min: 0, max: POSITION_MAX, bits: 16 });

/**
 * A point on the minimap: 8 bits over [0, ARENA_SIZE], steps of about 16 units (0.4 px of the 100 px
 * map of the largest arena, 1.3 px of the smallest), for one byte instead of two; a coordinate whose
 * step did not change costs nothing.
 */
const mapPosition = () => t.quantized({ min: 0, max: ARENA_SIZE, bits: 8 });

export const Player = schema(
  {
    name: t.string().default(''),
    x: position().default(0),
    y: position().default(0),
    /** Integer mass; the radius and speed are derived from it on both sides. */
    mass: t.uint16().default(START_MASS),
    alive: t.boolean().default(true),
    /** Orb colour, hue in degrees (picked in the menu, set once at join). */
    hue: t.uint16().default(0),
    /** Spawn protection: cannot be eaten while true (drawn as a ring on the orb). */
    shielded: t.boolean().default(false),
    /** A server-side filler bot. */
    bot: t.boolean().default(false),
    score: t.uint32().default(0).view(OWNER_VIEW_TAG),
    /** 1-based place in the room's ranking (0 = not ranked yet). */
    rank: t.uint16().default(0).view(OWNER_VIEW_TAG),
    /** The player's best score today on the room's persistent board (0 = none yet). */
    bestToday: t.uint32().default(0).view(OWNER_VIEW_TAG),
  },
  'Player',
);
export type Player = SchemaType<typeof Player>;

export const Orb = schema({ x: position().default(0), y: position().default(0) }, 'Orb');
export type Orb = SchemaType<typeof Orb>;

export const LeaderEntry = schema(
  {
    id: t.string().default(''),
    name: t.string().default(''),
    score: t.uint32().default(0),
    /**
     * Where the leader is, for the minimap only: refreshed once a second (LEADERBOARD_POSITIONS_EVERY_TICKS)
     * and whenever another player takes the entry, not every tick.
     */
    x: mapPosition().default(0),
    y: mapPosition().default(0),
    /** A server-side filler bot. */
    bot: t.boolean().default(false),
    /**
     * 1-based place on the board. An entry belongs to one player for as long as that player stays on
     * the board, in no particular place of the array: two leaders passing each other cost their two
     * ranks (a byte each), not each other's id, name, score and position (see leadersByRank).
     */
    rank: t.uint8().default(0),
  },
  'LeaderEntry',
);
export type LeaderEntry = SchemaType<typeof LeaderEntry>;

/** The live leaderboard's entries best first (the array holds them in no particular order; see LeaderEntry.rank). */
export function leadersByRank<T extends { rank: number }>(board: Iterable<T> | undefined): T[] {
  return board === undefined ? [] : [...board].sort((a, b) => a.rank - b.rank);
}

/**
 * The room's synchronized state. `players` and `orbs` are view-filtered: a client receives only the
 * entries the server added to its StateView (what lies on its screen). The rest is public.
 */
export const ArenaState = schema(
  {
    players: t.map(Player).view(),
    orbs: t.map(Orb).view(),
    /** Top LEADERBOARD_SIZE of the room, in no particular order: read it with leadersByRank. */
    leaderboard: t.array(LeaderEntry),
    phase: t.string().default('playing'),
    round: t.uint16().default(1),
    /** Whole seconds left in the current phase. */
    secondsLeft: t.uint16().default(0),
    /** Players in the room (the view shows only nearby ones). */
    playerCount: t.uint16().default(0),
    /** Spectators watching the room (players see that someone watches; they are not in any view). */
    watcherCount: t.uint16().default(0),
    /**
     * Side of this room's square arena at the patch's tick, units: it grows and shrinks with the
     * population (sim/arena.ts); prediction, camera, background and minimap follow it.
     */
    arenaSize: t.uint16().default(ARENA_SIZE),
    /**
     * The side the arena is moving towards, units. With arenaSize it tells the client where the walls
     * will be on the ticks it predicts (arenaSizeAfter), so prediction stays exact while they move.
     */
    arenaTarget: t.uint16().default(ARENA_SIZE),
    /** The room's mode id (see modes.ts). */
    mode: t.string().default(''),
  },
  'ArenaState',
);
export type ArenaState = SchemaType<typeof ArenaState>;

/** The per-tick input packet of the input channel (see MoveInput in sim/movement.ts). */
export const MoveInputPacket = schema(
  {
    x: t.int8().default(0),
    y: t.int8().default(0),
    /**
     * The server's input buffer keeps a clone of every packet it receives (30 a second per player).
     * A buffered packet is only read, never encoded, so a plain `{ x, y }` does: it skips allocating
     * a change tree per input, which the CPU profile showed as a large share of the inbound cost.
     */
    clone() {
      return { x: this.x, y: this.y } as unknown as typeof this;
    },
  },
  'MoveInputPacket',
);
export type MoveInputPacket = SchemaType<typeof MoveInputPacket>;
