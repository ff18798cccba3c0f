import { CROWD_NAMES, type CrowdEvent, type PresenceEvent } from '@orb-arena/shared';

/**
 * ms a burst of joins (or leaves) stays open after its last one. A room that fills at once (a private
 * room code shared on a stream, a server restart) gets its players within about 2 s; 2.5 s catches
 * such a burst whole, while a player arriving on their own, seconds after the last, is still told at
 * once. It is also the longest a crowd line waits before it is sent.
 */
export const PRESENCE_BURST_MS = 2500;
/**
 * Joins (or leaves) of a burst told one by one, as before, before the rest wait for one crowd line:
 * a friend or two joining still reads "Ann joined", "Ben joined" at once.
 */
export const PRESENCE_TOLD_ALONE = 2;

/** One direction's burst: when its last event came, how many were told alone, and the ones held. */
interface Burst {
  lastAt: number;
  toldAlone: number;
  held: PresenceEvent[];
  /** When the first held event came (the crowd line goes PRESENCE_BURST_MS later). */
  heldSince: number;
}

/** What due() returns on most ticks. */
const NO_CROWDS: readonly CrowdEvent[] = [];

/** Whether a burst holds events that have waited PRESENCE_BURST_MS. */
function isDue(burst: Burst, now: number): boolean {
  return burst.held.length > 0 && now - burst.heldSince >= PRESENCE_BURST_MS;
}

/**
 * Folds bursts of joins and leaves into crowd events, so a room filling at once shows (and sends)
 * "Ann joined", "Ben joined", "Cat, Dan and 41 others joined" instead of 45 lines that push the
 * room's chat out of the panel. Pure: the caller passes the time and sends what comes back.
 *
 * The first PRESENCE_TOLD_ALONE events of a burst pass through; later ones are held, and due() turns
 * what was held for PRESENCE_BURST_MS into one `crowd` event. A burst ends after PRESENCE_BURST_MS
 * without an event of its direction. Joins and leaves burst separately: filler bots leave as humans
 * arrive, and each side reads as its own line.
 */
export class PresenceBursts {
  private readonly bursts: Record<PresenceEvent['kind'], Burst> = {
    joined: { lastAt: -Infinity, toldAlone: 0, held: [], heldSince: 0 },
    left: { lastAt: -Infinity, toldAlone: 0, held: [], heldSince: 0 },
  };

  /** Takes a join or leave at `now` (ms). Returns the event to send now, or null when it waits for a crowd line. */
  admit(event: PresenceEvent, now: number): PresenceEvent | null {
    if (event.kind === 'left' && this.forgetHeldJoin(event.id)) return null;
    const burst = this.bursts[event.kind];
    if (now - burst.lastAt > PRESENCE_BURST_MS) burst.toldAlone = 0;
    burst.lastAt = now;
    // Once one is held the rest of the burst is too, so the feed keeps the order players came in.
    if (burst.held.length === 0 && burst.toldAlone < PRESENCE_TOLD_ALONE) {
      burst.toldAlone++;
      return event;
    }
    if (burst.held.length === 0) burst.heldSince = now;
    burst.held.push(event);
    return null;
  }

  /**
   * The crowd events due at `now` (ms): one per direction whose held events waited PRESENCE_BURST_MS.
   * Called every tick: allocates nothing when none is due (the tick's steady state allocates nothing).
   */
  due(now: number): readonly CrowdEvent[] {
    const { joined, left } = this.bursts;
    if (!isDue(joined, now) && !isDue(left, now)) return NO_CROWDS;
    const crowds: CrowdEvent[] = [];
    for (const burst of [joined, left]) {
      if (!isDue(burst, now)) continue;
      crowds.push(crowdOf(burst.held));
      burst.held = [];
    }
    return crowds;
  }

  /**
   * A player whose join is still held left: neither is told (nobody was told they came). Returns
   * whether one was held.
   */
  private forgetHeldJoin(id: string): boolean {
    const held = this.bursts.joined.held;
    const index = held.findIndex((event) => event.id === id);
    if (index < 0) return false;
    held.splice(index, 1);
    return true;
  }
}

/** One crowd event for held events of one direction (at least one). */
function crowdOf(held: readonly PresenceEvent[]): CrowdEvent {
  return {
    kind: 'crowd',
    change: held[0]!.kind,
    names: held.slice(0, CROWD_NAMES).map((event) => event.name),
    count: held.length,
    bots: held.filter((event) => event.bot).length,
  };
}
