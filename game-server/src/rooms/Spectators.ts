import type { CameraMessage, World } from '@orb-arena/shared';
import { RateBudget } from './RateBudget.ts';

/** Camera messages a spectator may send in a burst, and ms per regained one (20 a second sustained). */
const CAMERA_BURST = 20;
const CAMERA_REFILL_MS = 50;

/** A client watching the room: no orb, a camera of its own. */
export interface Spectator {
  id: string;
  name: string;
  /** Free-camera point, units; also where a followed player was last seen. */
  x: number;
  y: number;
  /** Player id the camera follows, if any. */
  follow: string | null;
}

/**
 * The room's spectators: who they are and where each one's camera looks. A spectator's StateView
 * follows `focusOf()` (InterestManager.watchPoint), so it is sent what a player standing there would
 * be. Camera moves have their own budget; one over it is ignored (the next one says the same thing).
 */
export class Spectators {
  private readonly byId = new Map<string, Spectator>();
  private readonly budget = new RateBudget({ burst: CAMERA_BURST, refillMs: CAMERA_REFILL_MS });

  /** @param cap spectators the room seats, on top of its players */
  constructor(readonly cap: number) {}

  get count(): number {
    return this.byId.size;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Spectator | undefined {
    return this.byId.get(id);
  }

  ids(): IterableIterator<string> {
    return this.byId.keys();
  }

  /** Seats a spectator with its camera on the middle of the arena, whose live side is `arenaSize` units. */
  add(id: string, name: string, arenaSize: number): Spectator {
    const spectator = { id, name, x: arenaSize / 2, y: arenaSize / 2, follow: null };
    this.byId.set(id, spectator);
    return spectator;
  }

  remove(id: string): void {
    this.byId.delete(id);
    this.budget.forget(id);
  }

  /** Points a spectator's camera (within its budget). Returns whether the move was taken. */
  aim(id: string, camera: CameraMessage): boolean {
    const spectator = this.byId.get(id);
    if (!spectator || this.budget.take(id) > 0) return false;
    if (camera.mode === 'free') {
      spectator.x = camera.x;
      spectator.y = camera.y;
      spectator.follow = null;
    } else {
      spectator.follow = camera.id;
    }
    return true;
  }

  /** Where a spectator's view is centred now: the followed player while it is in the room, else the point. */
  focusOf(id: string, world: World): { x: number; y: number } | undefined {
    const spectator = this.byId.get(id);
    if (!spectator) return undefined;
    const followed = spectator.follow === null ? undefined : world.players.get(spectator.follow);
    if (followed) {
      spectator.x = followed.x;
      spectator.y = followed.y;
    }
    return spectator;
  }
}
