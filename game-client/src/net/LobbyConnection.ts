import { Client, type Room } from '@colyseus/sdk';
import { LOBBY_ROOM, isModeId, type MatchListing } from '@orb-arena/shared';

/** A public match as the lobby lists it. */
export interface ListedMatch {
  roomId: string;
  /** Seats taken, including ones being reserved. */
  clients: number;
  locked: boolean;
  listing: MatchListing;
}

/** The shape of a room in Colyseus's lobby messages, as far as the lobby reads it. */
interface RoomCacheEntry {
  roomId: string;
  name: string;
  clients: number;
  locked?: boolean;
  metadata?: Partial<MatchListing>;
}

/** A lobby entry that is one of our matches, or null (another room type, or no listing yet). */
function toListedMatch(entry: RoomCacheEntry): ListedMatch | null {
  const listing = entry.metadata;
  if (!isModeId(entry.name) || !listing || typeof listing.players !== 'number') return null;
  return {
    roomId: entry.roomId,
    clients: entry.clients,
    locked: entry.locked === true,
    listing: listing as MatchListing,
  };
}

/**
 * The live list of public matches: joins Colyseus's LobbyRoom, which pushes the whole list once and
 * then every change (`+` a room appeared or changed, `-` it closed). No polling. Private rooms are
 * never in it.
 */
export class LobbyConnection {
  readonly matches = new Map<string, ListedMatch>();
  private listeners = new Set<() => void>();

  private constructor(private readonly room: Room) {
    room.onMessage('rooms', (entries: RoomCacheEntry[]) => {
      this.matches.clear();
      for (const entry of entries) this.put(entry);
      this.changed();
    });
    room.onMessage('+', ([, entry]: [string, RoomCacheEntry]) => {
      this.put(entry);
      this.changed();
    });
    room.onMessage('-', (roomId: string) => {
      this.matches.delete(roomId);
      this.changed();
    });
  }

  /** Joins the lobby at `endpoint` (the lobby needs no sign-in: it only lists). */
  static async join(endpoint: string): Promise<LobbyConnection> {
    return new LobbyConnection(await new Client(endpoint).joinOrCreate(LOBBY_ROOM));
  }

  /** Calls `listener` after every change of the list; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async leave(): Promise<void> {
    this.listeners.clear();
    await this.room.leave();
  }

  private put(entry: RoomCacheEntry): void {
    const match = toListedMatch(entry);
    if (match) this.matches.set(match.roomId, match);
    else this.matches.delete(entry.roomId);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
