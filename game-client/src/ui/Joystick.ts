import { buildMoveInput, type MoveInput } from '@orb-arena/shared';

/** Distance from the joystick's centre at which the orb moves at full speed, CSS px. */
export const JOYSTICK_REACH = 60;

/**
 * Steering from a drag: the offset of `point` from `origin`, as a fraction of `reach` (capped at full
 * speed by buildMoveInput). Pure; CSS px in, wire axes out.
 */
export function joystickSteer(
  origin: { x: number; y: number },
  point: { x: number; y: number },
  reach = JOYSTICK_REACH,
): MoveInput {
  return buildMoveInput((point.x - origin.x) / reach, (point.y - origin.y) / reach);
}

/** Elements a touch must not start the joystick on (the HUD's buttons, the menu's fields). */
const INTERACTIVE = 'button, input, select, a, label, [data-no-joystick]';

/** How a Joystick shows itself. */
export interface JoystickOptions {
  /**
   * Whether a ring and knob appear under the finger. A spectator's drag moves the map under the
   * finger instead of steering, and a knob stuck at its reach would say otherwise.
   * @default true
   */
  knob?: boolean;
}

/**
 * A virtual joystick for touch screens: a finger put down anywhere on the game (not on a button)
 * becomes the joystick's centre, dragging steers, and lifting the finger stops the orb. It also
 * counts how far the finger moved, for a spectator's map drag. Mouse and pen are left to the scene's
 * pointer steering.
 */
export class Joystick {
  private readonly base = document.createElement('div');
  private readonly knob = document.createElement('div');
  private pointerId: number | null = null;
  private origin = { x: 0, y: 0 };
  private current: MoveInput = { x: 0, y: 0 };
  private touched = false;
  private last = { x: 0, y: 0 };
  /** The finger's movement since takeDrag() last took it, CSS px. */
  private dragged = { x: 0, y: 0 };
  private readonly showKnob: boolean;
  private readonly listeners: [string, (event: PointerEvent) => void][] = [
    ['pointerdown', (event) => this.onDown(event)],
    ['pointermove', (event) => this.onMove(event)],
    ['pointerup', (event) => this.onUp(event)],
    ['pointercancel', (event) => this.onUp(event)],
  ];

  constructor(parent: HTMLElement, { knob = true }: JoystickOptions = {}) {
    this.showKnob = knob;
    this.base.id = 'joystick';
    this.base.hidden = true;
    this.knob.className = 'knob';
    this.base.append(this.knob);
    parent.append(this.base);
    for (const [type, listener] of this.listeners) window.addEventListener(type, listener as EventListener);
  }

  /** True once a finger has steered: from then on the joystick owns steering (zero when lifted). */
  get engaged(): boolean {
    return this.touched;
  }

  /** The steering now: the drag while a finger is down, (0, 0) once it lifts. */
  steer(): MoveInput {
    return this.current;
  }

  /** How far the finger moved since the last call, CSS px: a spectator's camera drags the map by it. */
  takeDrag(): { x: number; y: number } {
    const moved = this.dragged;
    this.dragged = { x: 0, y: 0 };
    return moved;
  }

  destroy(): void {
    for (const [type, listener] of this.listeners) window.removeEventListener(type, listener as EventListener);
    this.base.remove();
  }

  private onDown(event: PointerEvent): void {
    if (event.pointerType !== 'touch' || this.pointerId !== null) return;
    if (event.target instanceof Element && event.target.closest(INTERACTIVE)) return;
    this.pointerId = event.pointerId;
    this.touched = true;
    this.origin = { x: event.clientX, y: event.clientY };
    this.last = this.origin;
    this.current = { x: 0, y: 0 };
    this.base.style.left = `${event.clientX}px`;
    this.base.style.top = `${event.clientY}px`;
    this.knob.style.transform = 'translate(-50%, -50%)';
    this.base.hidden = !this.showKnob;
  }

  private onMove(event: PointerEvent): void {
    if (event.pointerId !== this.pointerId) return;
    this.current = joystickSteer(this.origin, { x: event.clientX, y: event.clientY });
    this.dragged = {
      x: this.dragged.x + event.clientX - this.last.x,
      y: this.dragged.y + event.clientY - this.last.y,
    };
    this.last = { x: event.clientX, y: event.clientY };
    const dx = event.clientX - this.origin.x;
    const dy = event.clientY - this.origin.y;
    const scale = Math.min(1, JOYSTICK_REACH / Math.max(1, Math.hypot(dx, dy)));
    this.knob.style.transform = `translate(calc(-50% + ${dx * scale}px), calc(-50% + ${dy * scale}px))`;
  }

  private onUp(event: PointerEvent): void {
    if (event.pointerId !== this.pointerId) return;
    this.pointerId = null;
    this.current = { x: 0, y: 0 };
    this.base.hidden = true;
  }
}
