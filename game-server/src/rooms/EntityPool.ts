import { $changes, type Schema } from '@colyseus/schema';

/**
 * Ticks a released entity waits before it is reused (2 s at 30 Hz): every client has decoded the
 * patch that removed it (and dropped its refId) long before another player appears under that refId.
 */
export const ENTITY_REUSE_TICKS = 60;

/** The part of the schema encoder's Root the pool uses: it hands out refIds. */
interface RefIdRoot {
  add(changeTree: unknown): boolean;
  remove(changeTree: unknown): void;
}

/** The ChangeTree behind a schema instance, as far as the pool needs it. */
interface Tree {
  root: RefIdRoot | undefined;
  recycle(): void;
}

const treeOf = (ref: object) => (ref as unknown as { [$changes]: Tree })[$changes];

/**
 * Schema instances of one kind (the room's players, its leaderboard entries) that keep small refIds
 * for the room's life.
 *
 * Every structure a patch writes is announced by a marker holding its refId, and refIds are handed
 * out in the order structures first join the state: the 400 orbs a room creates first take 4 to
 * 403, so every player that joined later cost a 4-byte marker (a refId of 256 or more takes 3 bytes)
 * in front of its 6 bytes of position, every patch, for every client that sees it: a third of a
 * client's bytes were markers. The pool takes refIds for its entities before the orbs are created
 * (reserveRefIds) and recycles released entities under the refId they hold, so the room's players
 * and leaders keep refIds under 128 (2-byte markers) however many come and go.
 *
 * A released entity is reused only after ENTITY_REUSE_TICKS, and with its change tree recycled
 * (schema's `ChangeTree.recycle`, as schema's own pool does, but keeping the refId): no view still
 * holds it, and it enters the state as new, every field sent. When every free entity is still
 * waiting, a new one is made (with a higher refId) and joins the pool when released.
 */
export class EntityPool<T extends Schema> {
  /** Released entities, oldest first, with the tick each was released at. */
  private readonly free: { entity: T; releasedAt: number }[] = [];

  /**
   * @param options.create a fresh entity with every field at its default
   * @param options.now the current tick (the world's)
   */
  constructor(private readonly options: { create: () => T; now: () => number }) {}

  /**
   * Takes refIds for `count` new entities from the encoder of `state` (which must be the room's
   * state already), before anything else takes them: call it before the state's other structures
   * are created. The entities stay out of the state until taken.
   */
  reserveRefIds(state: Schema, count: number): void {
    const root = treeOf(state).root;
    if (!root) throw new Error('EntityPool.reserveRefIds: the state has no encoder yet (call it in onCreate)');
    for (let i = 0; i < count; i++) {
      const entity = this.options.create();
      root.add(treeOf(entity));
      root.remove(treeOf(entity));
      this.free.push({ entity, releasedAt: -Infinity });
    }
  }

  /** An entity with every field at its default, to be put into the state. */
  take(): T {
    const oldest = this.free[0];
    if (!oldest || this.options.now() - oldest.releasedAt < ENTITY_REUSE_TICKS) return this.options.create();
    this.free.shift();
    const entity = oldest.entity;
    // Only now: until the patch that removed it was encoded, the views' marks on its tree are what
    // sends each of them the removal.
    treeOf(entity).recycle();
    entity.assign(this.options.create().toJSON() as unknown as Parameters<T['assign']>[0]);
    return entity;
  }

  /** Takes back an entity that was just removed from the state (reused after ENTITY_REUSE_TICKS). */
  release(entity: T): void {
    // Still in the state (under another parent): not this pool's to reuse.
    if (treeOf(entity).root !== undefined) return;
    this.free.push({ entity, releasedAt: this.options.now() });
  }
}
