import type { CameraMessage } from '@orb-arena/shared';

/** Free-camera speed, units per second. */
export const CAMERA_PAN_SPEED = 900;
/**
 * Frames a followed player, once seen, may be missing before the camera lets it go (about half a second
 * at 60 fps): while followed it is always in view, so a player missing for that long has left the room.
 */
export const FOLLOW_LOST_FRAMES = 30;
/** Least time between two camera messages to the server, ms (it only needs the view's centre). */
export const CAMERA_SEND_MS = 100;

/** The world a camera shows, units (the window's size over its zoom). */
export interface ViewSize {
  width: number;
  height: number;
}

/**
 * Where a free camera may look from `centre` in an arena of side `arenaSize` (the arena is [0, size]²,
 * units) with a view of `view` units: at least half a view inside each wall, or, on an axis where the
 * arena is narrower than the view, its middle. A camera centred on a wall showed three quarters of
 * the void outside. Pure.
 */
export function clampToArena(
  centre: { x: number; y: number },
  view: ViewSize,
  arenaSize: number,
): { x: number; y: number } {
  return { x: clampAxis(centre.x, view.width, arenaSize), y: clampAxis(centre.y, view.height, arenaSize) };
}

function clampAxis(value: number, span: number, size: number): number {
  if (size <= span) return size / 2;
  return Math.min(size - span / 2, Math.max(span / 2, value));
}

/**
 * A spectator's camera: a free point moved with the keys or a finger's drag, or a player it follows (a name clicked on
 * the leaderboard). Tells the server where it looks, so the spectator's view is sent what lies
 * there; sends only on change and at most every CAMERA_SEND_MS. No DOM, no Phaser: testable as is.
 */
export class SpectatorCamera {
  x = 0;
  y = 0;
  followId: string | null = null;
  /** Whether the followed player has been found since follow(), and for how many frames it has been missing since. */
  private followSeen = false;
  private missingFrames = 0;
  /** False until the arena's side is known and the camera has been put in its middle. */
  private placed = false;
  private sent: string | null = null;
  private sentAt = -Infinity;
  /** Until the scene tells it, no view: the free point only stays within the walls. */
  private view: ViewSize = { width: 0, height: 0 };

  /**
   * @param arenaSize the room's live arena side, units, 0 until the state brings it (read each time: the
   *   arena grows and shrinks). A camera placed from a default side instead opened beyond the walls of
   *   a smaller arena, looking at its corner.
   */
  constructor(private readonly arenaSize: () => number) {
    this.place();
  }

  /** Moves the free camera by a steering direction (each axis in [-1, 1]) for `seconds`; stops following. */
  pan(dx: number, dy: number, seconds: number): void {
    this.moveBy(dx * CAMERA_PAN_SPEED * seconds, dy * CAMERA_PAN_SPEED * seconds);
  }

  /**
   * Moves the free camera as a map under a finger dragged (dx, dy) screen px at `zoom` (screen px per
   * unit): the world point under the finger stays under it. Stops following. It once reused the drag
   * as a joystick's speed, and the camera ran off at 900 units/s under a finger that moved an inch.
   */
  drag(dx: number, dy: number, zoom: number): void {
    this.moveBy(-dx / zoom, -dy / zoom);
  }

  /** Sets how much world the camera shows, units; the free camera keeps all of it inside the arena. */
  setView(view: ViewSize): void {
    this.view = view;
  }

  follow(id: string): void {
    this.followId = id;
    this.followSeen = false;
    this.missingFrames = 0;
  }

  /** Lets the followed player go: the camera stays free where it looks. */
  unfollow(): void {
    this.followId = null;
  }

  /**
   * The centre this frame: the followed player where `find` knows it, else the free point (where it was
   * last seen). A followed player missing for FOLLOW_LOST_FRAMES after it was seen has left the room:
   * the camera becomes free there, instead of following nobody with a stats bar of dashes. A free
   * point is kept inside the walls each frame, as the arena's side and the view change under it.
   */
  centre(find: (id: string) => { x: number; y: number } | undefined): { x: number; y: number } {
    this.place();
    const followed = this.followId === null ? undefined : find(this.followId);
    if (followed) {
      this.x = followed.x;
      this.y = followed.y;
      this.followSeen = true;
      this.missingFrames = 0;
    } else if (this.followSeen && ++this.missingFrames >= FOLLOW_LOST_FRAMES) {
      this.followId = null;
    }
    if (this.followId === null) this.keepInside();
    return { x: this.x, y: this.y };
  }

  /** The camera message to send at `nowMs`, or null when nothing changed or it is too soon. */
  message(nowMs: number): CameraMessage | null {
    if (!this.placed && this.followId === null) return null;
    const next: CameraMessage =
      this.followId === null
        ? { mode: 'free', x: Math.round(this.x), y: Math.round(this.y) }
        : { mode: 'follow', id: this.followId };
    const key = JSON.stringify(next);
    if (key === this.sent || nowMs - this.sentAt < CAMERA_SEND_MS) return null;
    this.sent = key;
    this.sentAt = nowMs;
    return next;
  }

  private moveBy(dx: number, dy: number): void {
    if ((dx === 0 && dy === 0) || !this.place()) return;
    this.followId = null;
    this.x += dx;
    this.y += dy;
    this.keepInside();
  }

  private keepInside(): void {
    if (!this.placed) return;
    ({ x: this.x, y: this.y } = clampToArena(this, this.view, this.arenaSize()));
  }

  /** Puts the camera in the middle of the arena once its side is known. Returns whether it is placed. */
  private place(): boolean {
    if (this.placed) return true;
    const size = this.arenaSize();
    if (size <= 0) return false;
    this.x = size / 2;
    this.y = size / 2;
    this.placed = true;
    return true;
  }
}
