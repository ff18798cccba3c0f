import { ARENA_SIZE, VIEW_HALF_HEIGHT, VIEW_HALF_WIDTH, type ArenaState } from '@orb-arena/shared';
import { cssForHue } from './ColorPicker.ts';

/** Side of the minimap, CSS px. */
const SIZE_PX = 110;
/** Redraws per second: leaders move on the map twice a second anyway. */
const REDRAW_MS = 100;

/**
 * The arena's side for the map: the state's live size (it grows and shrinks with the room's
 * population, so the map always spans the walls as they are now), else ARENA_SIZE before it arrives.
 */
export function arenaSizeOf(state: ArenaState): number {
  const size = (state as { arenaSize?: number }).arenaSize;
  return typeof size === 'number' && size > 0 ? size : ARENA_SIZE;
}

/**
 * The own dot: the colour the player picked, ringed in white like the own orb in the arena
 * (ArenaScene), and bigger than the others. It was always green, a colour the player never chose and
 * one that another player's orb can have. The ring keeps it apart from the grey dots of the other
 * leaders and the gold one of the first, whatever colour was picked.
 */
const OWN_DOT = { radiusPx: 4, ringPx: 1.5, ring: '#ffffff' } as const;

/**
 * A spectator's screen on the map: the rectangle of the arena its camera shows, in the colour the
 * leaderboard marks the followed player with (style.css, `li.followed`). A spectator has no dot of its
 * own, and without it the map did not say where the camera was looking.
 */
const CAMERA_FRAME = { colour: '#7fd4ff', lineWidthPx: 1.5 } as const;

/** A spectator's camera: its centre, world units, and whether the screen is upright (the view turns). */
export interface MapCamera {
  x: number;
  y: number;
  portrait: boolean;
}

/**
 * The arena is drawn this far inside the map's edge, px: a dot at a wall (radius up to 4) stays whole
 * instead of half under the border.
 */
const INSET_PX = 5;

/** Scales a world point onto a map of `sizePx` whose arena starts `insetPx` inside each edge, clamped to the arena. */
export function toMap(
  point: { x: number; y: number },
  arenaSize: number,
  { sizePx = SIZE_PX, insetPx = 0 }: { sizePx?: number; insetPx?: number } = {},
): { x: number; y: number } {
  const scale = (sizePx - 2 * insetPx) / arenaSize;
  const clampPx = (value: number) => insetPx + Math.min(arenaSize, Math.max(0, value)) * scale;
  return { x: clampPx(point.x), y: clampPx(point.y) };
}

/** A circle on the page, CSS px: a player as drawn this frame. */
export interface ScreenCircle {
  x: number;
  y: number;
  radius: number;
}

/** Whether `circle` reaches into `box` (both in CSS px, as getBoundingClientRect gives them). */
export function isCircleOverBox(
  circle: ScreenCircle,
  box: { left: number; top: number; right: number; bottom: number },
): boolean {
  const nearestX = Math.min(box.right, Math.max(box.left, circle.x));
  const nearestY = Math.min(box.bottom, Math.max(box.top, circle.y));
  return (circle.x - nearestX) ** 2 + (circle.y - nearestY) ** 2 < circle.radius ** 2;
}

/**
 * A small map of the whole arena in a corner of the HUD: its edges, the leaders, and where you are.
 * It is see-through, and fades further while a player is drawn under it (a play-tester lost a hunter
 * coming in from the bottom-left corner of the view under it).
 */
export class Minimap {
  private readonly canvas = document.createElement('canvas');
  private lastDraw = -Infinity;

  constructor(parent: HTMLElement) {
    this.canvas.id = 'minimap';
    this.canvas.className = 'panel';
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = SIZE_PX * ratio;
    this.canvas.height = SIZE_PX * ratio;
    this.canvas.style.width = `${SIZE_PX}px`;
    this.canvas.style.height = `${SIZE_PX}px`;
    this.canvas.getContext('2d')?.scale(ratio, ratio);
    parent.append(this.canvas);
  }

  /**
   * Redraws (at most every REDRAW_MS, `now` in ms): `own` is where the own orb is drawn, `ownId` its
   * session id, `players` the other players as drawn on the page this frame (CSS px), `camera` a
   * spectator's camera (its screen is framed on the map).
   */
  render(
    view: {
      state: ArenaState;
      own: { x: number; y: number; alive: boolean };
      ownId: string;
      players?: readonly ScreenCircle[];
      camera?: MapCamera | null;
    },
    now: number,
  ): void {
    const { state, own, ownId } = view;
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const box = this.canvas.getBoundingClientRect();
    this.canvas.classList.toggle('covering', view.players?.some((player) => isCircleOverBox(player, box)) ?? false);
    const context = this.canvas.getContext('2d');
    if (!context) return;
    const size = arenaSizeOf(state);
    context.clearRect(0, 0, SIZE_PX, SIZE_PX);
    context.strokeStyle = '#5a6b8c';
    context.lineWidth = 2;
    context.strokeRect(1, 1, SIZE_PX - 2, SIZE_PX - 2);
    state.leaderboard?.forEach((entry) => {
      if (entry.id === ownId) return;
      const point = toMap(entry, size, { insetPx: INSET_PX });
      const leader = entry.rank === 1;
      context.fillStyle = leader ? '#ffd75e' : '#c9d2e3';
      context.beginPath();
      context.arc(point.x, point.y, leader ? 3.5 : 2.5, 0, Math.PI * 2);
      context.fill();
    });
    if (view.camera) this.drawCameraFrame(context, view.camera, size);
    if (!own.alive) return;
    this.drawOwnDot(context, toMap(own, size, { insetPx: INSET_PX }), state.players?.get(ownId)?.hue ?? 0);
  }

  /** The part of the arena the camera's screen shows (the same rectangle as the scene's, turned upright). */
  private drawCameraFrame(context: CanvasRenderingContext2D, camera: MapCamera, arenaSize: number): void {
    const halfWidth = camera.portrait ? VIEW_HALF_HEIGHT : VIEW_HALF_WIDTH;
    const halfHeight = camera.portrait ? VIEW_HALF_WIDTH : VIEW_HALF_HEIGHT;
    const topLeft = toMap({ x: camera.x - halfWidth, y: camera.y - halfHeight }, arenaSize, { insetPx: INSET_PX });
    const bottomRight = toMap({ x: camera.x + halfWidth, y: camera.y + halfHeight }, arenaSize, { insetPx: INSET_PX });
    context.lineWidth = CAMERA_FRAME.lineWidthPx;
    context.strokeStyle = CAMERA_FRAME.colour;
    context.strokeRect(topLeft.x, topLeft.y, bottomRight.x - topLeft.x, bottomRight.y - topLeft.y);
  }

  private drawOwnDot(context: CanvasRenderingContext2D, at: { x: number; y: number }, hue: number): void {
    context.beginPath();
    context.arc(at.x, at.y, OWN_DOT.radiusPx, 0, Math.PI * 2);
    context.fillStyle = cssForHue(hue);
    context.fill();
    context.lineWidth = OWN_DOT.ringPx;
    context.strokeStyle = OWN_DOT.ring;
    context.stroke();
  }
}
