import type { EatenMessage, Kill, World } from '@orb-arena/shared';

/**
 * The death screen's facts for the prey of `kill`, read from the world right after the step that
 * resolved it (the prey keeps its mass and score until it respawns). `rank` is the prey's current
 * place in the room's ranking.
 */
export function eatenMessageFor(world: World, kill: Kill, rank: number): EatenMessage {
  const eater = world.players.get(kill.eaterId);
  const prey = world.players.get(kill.preyId);
  return {
    by: eater?.name ?? '',
    byId: kill.eaterId,
    respawnSeconds: world.config.respawnSeconds,
    mass: prey?.mass ?? 0,
    score: prey?.score ?? 0,
    aliveSeconds: prey ? Math.max(0, Math.round((world.tick - prey.spawnTick) / world.config.tickHz)) : 0,
    rank,
  };
}
