import { INTEREST_MARGIN, VIEW_HALF_HEIGHT, VIEW_HALF_WIDTH } from '../constants.ts';
import type { Vec } from '../sim/geometry.ts';
import { forEachOrbIdInRect } from '../sim/orbs.ts';
import type { SimPlayer, World } from '../sim/world.ts';
import type { BotView, SeenPlayer } from './botBrain.ts';

const HALF_WIDTH = VIEW_HALF_WIDTH + INTEREST_MARGIN;
const HALF_HEIGHT = VIEW_HALF_HEIGHT + INTEREST_MARGIN;

/**
 * What a player at `self` would be sent by the server (its StateView): the other players whose centre
 * lies in its screen rectangle plus INTEREST_MARGIN, and the orbs in the grid cells that rectangle
 * touches (the server may hold a cell more on a side for a while; a bot does without). A server-side
 * bot decides from this, so it knows no more than a player's client would.
 * Pure: reads `world`, returns fresh arrays of the world's own objects (read them, don't keep them).
 */
export function seenFrom(world: World, self: SimPlayer): BotView {
  const players: SeenPlayer[] = [];
  for (const other of world.players.values()) {
    if (other === self) continue;
    if (Math.abs(other.x - self.x) <= HALF_WIDTH && Math.abs(other.y - self.y) <= HALF_HEIGHT) players.push(other);
  }
  const orbs: Vec[] = [];
  const rect = { x0: self.x - HALF_WIDTH, y0: self.y - HALF_HEIGHT, x1: self.x + HALF_WIDTH, y1: self.y + HALF_HEIGHT };
  forEachOrbIdInRect(world.orbGrid, rect, (id) => orbs.push(world.orbs[id]!));
  return { self, players, orbs, arenaSize: world.arena.size };
}
