/**
 * Game constants shared by the server simulation, client prediction and bots.
 * Every value names its unit; "unit" is one world unit (one pixel at camera zoom 1).
 */

/** Simulation steps per second. The server advertises its own rate at join; this is the default. */
export const TICK_HZ = 30;
/** State patches per second: lower than TICK_HZ because interpolation hides the gaps. */
export const PATCH_HZ = 20;

/**
 * Largest side of the square arena any mode may have, units (the classic mode's side when full):
 * positions must fit 16 bits (<= POSITION_MAX) and the orb and interest grids are sized for it. A
 * room's live side grows and shrinks with its population between a mode's bounds (see sim/arena.ts).
 */
export const ARENA_SIZE = 4000;
/** Smallest side of the classic arena, units (what up to 13 players need, see ARENA_FREE_PLAYERS). */
export const MIN_ARENA_SIZE = 1200;
/**
 * Target sides are whole multiples of this, units: a join or leave moves the target only when the
 * needed side crosses a step, and a shrink waits for two steps of slack (see targetArenaSize).
 */
export const ARENA_SIZE_QUANTUM = 200;
/**
 * How far a far wall moves per tick while the arena grows, and while it shrinks, units (whole units,
 * so the 16-bit size on the wire is exact). At 30 Hz growth runs at 300 units/s (BASE_SPEED; a growing
 * wall moves away from everyone), so a room that fills at once has its full side in about 9 s: at 120
 * units/s it took 23 s, and 10 s after a burst of 50 joins each player still had 15.8 others on screen
 * against 10.5 now (about 7 settled; `npm run bench:crowd -- --join burst`). A shrink runs at 30
 * units/s, a third of MIN_SPEED, so the wall pushes a player gently and anyone outruns it.
 */
export const ARENA_GROW_PER_TICK = 10;
export const ARENA_SHRINK_PER_TICK = 1;
/**
 * Positions snap to this grid after every step (units), on the server and in client prediction,
 * so the 16-bit wire value is exact and replaying inputs lands on the server's number bit for bit.
 */
export const POSITION_STEP = 1 / 16;
/** Largest position a 16-bit field holds at POSITION_STEP resolution, units. */
export const POSITION_MAX = 65535 * POSITION_STEP;

/** Mass of a fresh player. Mass is an integer count of eaten orbs plus this start. */
export const START_MASS = 10;
/** Mass cap so one runaway player cannot cover the arena. */
export const MAX_MASS = 4000;
/** Mass (and score) one orb gives. */
export const ORB_MASS = 1;
/** Radius of an orb, units. */
export const ORB_RADIUS = 6;
/**
 * Orbs in a full-size classic arena (ARENA_SIZE²); a smaller arena keeps the same density, so it has
 * fewer (see activeOrbCount). An eaten orb respawns elsewhere at once.
 */
export const ORB_COUNT = 400;
/**
 * Fewest orbs in play in a classic arena, whatever its side: 1.5 times what the density gives the
 * smallest side (36 at 1,200), where a lone newcomer shares the arena with 7 filler bots. It ate a
 * median 27 orbs in its first minute at 36 and eats 32 at 54 (`npm run feel:fillers`, 200 seeds); 72
 * gave 39 but fed the bots too, and the newcomer died nearly twice as often (0.39 deaths a minute
 * against 0.21; 0.29 at 54). From a side of 1,470 on the density gives more.
 */
export const MIN_ORB_COUNT = 54;
/** Distance from the walls to any orb, units. */
export const ORB_WALL_MARGIN = 20;
/** Player radius = RADIUS_PER_SQRT_MASS * sqrt(mass), units: area grows with mass. */
export const RADIUS_PER_SQRT_MASS = 4;

/** Speed at START_MASS, units/s. Speed falls with sqrt(mass) so big players are slower. */
export const BASE_SPEED = 300;
/** Floor on speed, units/s, so a huge player can still move. */
export const MIN_SPEED = 90;

/** A player eats another only if its mass is at least this many times the other's. */
export const EAT_MASS_RATIO = 1.25;
/** Fraction of the prey's mass the eater gains. */
export const EAT_MASS_GAIN = 0.5;
/** Score for eating a player, on top of half the prey's mass. */
export const KILL_SCORE = 10;

/** Time an eaten player waits before respawning, seconds. */
export const RESPAWN_SECONDS = 3;
/** Default length of one round, seconds (the "5 minutes"). */
export const MATCH_SECONDS = 300;
/** Results overlay time between rounds, seconds. */
export const RESULTS_SECONDS = 10;

/** Players in one room: the interest budget and bandwidth targets assume at most this. */
export const MAX_PLAYERS_PER_ROOM = 50;
/**
 * Players the classic arena's area does not count: its side follows sqrt(players - ARENA_FREE_PLAYERS),
 * so up to 13 players share the smallest side, 20 get 2,000 and 50 the full 4,000. In a small arena
 * the walls cut off part of each screen, and the bytes a client receives follow the other players on
 * it: at one density (none free) a 10-player room showed each player about half as many others as a
 * full one, and with five free the 10-player room (1,400 a side) still received a quarter less than a
 * full one (`npm run bench:crowd` and `npm run bench:bytes`, BENCHMARKS.md).
 */
export const ARENA_FREE_PLAYERS = 10;
/**
 * Arena area per counted player, units², of the classic mode (400,000): a full room of
 * MAX_PLAYERS_PER_ROOM fills ARENA_SIZE² (see ARENA_FREE_PLAYERS).
 */
export const ARENA_AREA_PER_PLAYER = (ARENA_SIZE * ARENA_SIZE) / (MAX_PLAYERS_PER_ROOM - ARENA_FREE_PLAYERS);
/** Entries in the live leaderboard. */
export const LEADERBOARD_SIZE = 10;
/** How often the server recomputes ranks, ticks (0.5 s at 30 Hz). */
export const LEADERBOARD_EVERY_TICKS = 15;
/**
 * How often the leaders' minimap positions are refreshed, ticks (1 s at 30 Hz; a multiple of
 * LEADERBOARD_EVERY_TICKS). Every refresh rewrites the ten entries' positions: at twice a second that
 * was about 190 B/s per client, the largest part of the leaderboard's bytes.
 */
export const LEADERBOARD_POSITIONS_EVERY_TICKS = 30;

/**
 * Half the visible world rectangle, units. The client fits exactly this much world on screen at any
 * window size, so everyone sees the same distance; the server sends what lies inside it plus
 * INTEREST_MARGIN.
 */
export const VIEW_HALF_WIDTH = 700;
export const VIEW_HALF_HEIGHT = 420;
/** Extra border around the view that the server still sends, units, so entities don't pop at the edge. */
export const INTEREST_MARGIN = 150;

/** Longest nickname, characters. */
export const NAME_MAX_LENGTH = 16;

/**
 * Time a new or respawned player cannot be eaten, seconds (shown as a ring on its orb). Long enough
 * to look around and steer away, short enough that nobody hides in it; eating a player ends it early.
 */
export const SPAWN_PROTECTION_SECONDS = 3;

/**
 * The longest a (re)spawned player who has not moved yet stays shielded, seconds: SPAWN_PROTECTION_SECONDS
 * counts from the first move, so a newcomer still reading the screen (or a player back from another tab)
 * is not eaten before it has steered once. Standing still for this long ends it anyway.
 */
export const SPAWN_IDLE_PROTECTION_SECONDS = 10;
/**
 * A spawn point is safe when every player who could eat a newcomer is at least this far from it,
 * measured from that player's edge, units: about 2 s at a fresh player's top speed, wider than half
 * the view, so a newcomer never opens its eyes next to a hunter.
 */
export const SPAWN_SAFE_DISTANCE = 600;
/** Candidate spawn points per arena side: a 20 × 20 lattice (200 units apart at ARENA_SIZE 4000). */
export const SPAWN_GRID_SIDE = 20;
