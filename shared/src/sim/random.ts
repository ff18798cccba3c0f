/**
 * Seeded pseudo-random numbers (mulberry32). The state is one uint32 kept inside the world, so a
 * world's whole future is a function of its seed and its inputs: nothing random goes on the wire.
 */

/** A holder of the generator state; the world itself implements it. */
export interface RandomSource {
  rng: number;
}

/** Advances `source.rng` and returns a float in [0, 1). Pure apart from that mutation. */
export function nextRandom(source: RandomSource): number {
  source.rng = (source.rng + 0x6d2b79f5) >>> 0;
  let t = source.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Returns a float in [min, max) drawn from `source`. */
export function randomBetween(source: RandomSource, min: number, max: number): number {
  return min + nextRandom(source) * (max - min);
}
