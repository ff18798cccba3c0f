import { AXIS_MAX, type MoveInput } from '../sim/movement.ts';

/**
 * Builds the wire input for a steering direction (any length; longer than 1 is normalised, shorter
 * keeps its magnitude for analogue steering). The browser's keyboard and pointer handlers and the
 * load-test bots all go through this, so bots send exactly what players send.
 */
export function buildMoveInput(dx: number, dy: number): MoveInput {
  if (!Number.isFinite(dx) || !Number.isFinite(dy)) return { x: 0, y: 0 };
  const length = Math.sqrt(dx * dx + dy * dy);
  const scale = length > 1 ? 1 / length : 1;
  return { x: Math.round(dx * scale * AXIS_MAX), y: Math.round(dy * scale * AXIS_MAX) };
}

/** Input for steering from `from` toward `to`, full speed unless within `deadZone` units. */
export function buildSteerInput(from: { x: number; y: number }, to: { x: number; y: number }, deadZone = 4): MoveInput {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.sqrt(dx * dx + dy * dy);
  if (length <= deadZone) return { x: 0, y: 0 };
  return buildMoveInput(dx / length, dy / length);
}

/** Input from four direction keys. */
export function buildKeyInput(keys: { up: boolean; down: boolean; left: boolean; right: boolean }): MoveInput {
  return buildMoveInput(Number(keys.right) - Number(keys.left), Number(keys.down) - Number(keys.up));
}
