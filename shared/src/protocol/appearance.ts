/** Orb colours a player can pick in the menu, as hues in degrees (the client draws them bright). */
export const ORB_HUES = [0, 30, 50, 90, 140, 170, 195, 220, 260, 290, 320, 345] as const;

/**
 * The hue of a player who did not pick one: stable for its id, spread over the colour wheel. The
 * string hash is mixed before it is reduced, since ids that differ in their last character only
 * (`bot-1`, `bot-2`, ...) hash to neighbours: every filler bot came out the same yellow.
 */
export function defaultHue(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) >>> 0;
  return ((hash ^ (hash >>> 16)) >>> 0) % 360;
}
