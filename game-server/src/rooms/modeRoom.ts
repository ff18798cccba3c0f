import { matchMaker, type Room } from '@colyseus/core';
import {
  DEFAULT_MODE,
  MODES,
  isModeId,
  worldConfigFor,
  type ArenaState,
  type GameMode,
  type ModeId,
  type MoveInputPacket,
  type StepEvents,
  type World,
  type WorldConfig,
} from '@orb-arena/shared';
import type { ServerSettings } from '../config.ts';
import { EmptyRoomGrace } from './EmptyRoomGrace.ts';
import { MatchListingPublisher } from './MatchListingPublisher.ts';
import { claimRoomCode } from './roomCodes.ts';

/** Create options the mode layer reads. */
export interface ModeRoomOptions {
  /** The room type's mode: set by the server's registration (app.ts), never by a client. */
  mode?: string;
  /** A client asked for a private room: unlisted, with a short code as its room id. */
  privateRoom?: boolean;
}

/**
 * What a room's mode decides at creation, and the hooks the arena room calls so the mode's listing
 * and lifecycle follow the match. Everything mode-specific lives here or in shared/modes.ts, so a
 * new mode never copies the room.
 */
export interface ModeSetup {
  mode: GameMode;
  worldConfig: WorldConfig;
  /** Player seats: the mode's, lowered by the operator's ROOM_MAX_CLIENTS. */
  maxPlayers: number;
  /** Humans + filler bots a public room is kept at (the operator's FILLER_BOTS, else the mode's); 0 in private rooms. */
  fillerBots: number;
  /** The world exists: publish the first listing, start the empty-room grace. */
  started(world: World): void;
  joined(world: World): void;
  left(world: World): void;
  /** After every tick: republish on phase changes, and once a second for quick play's cut-off. */
  ticked(world: World, events: StepEvents): void;
}

type ArenaLikeRoom = Room<{ state: ArenaState; input: MoveInputPacket }>;

/**
 * Sets up `room` for its mode: picks the world settings, takes a private code as room id when asked
 * (before the room is recorded in the matchmaker, so the code is its id in every process), writes
 * the mode into the state (the arena's live size is the world's, see projection.ts syncMatch), and
 * wires the listing and empty-room grace.
 */
export async function setUpMode(
  room: ArenaLikeRoom,
  setup: {
    options: ModeRoomOptions;
    settings: ServerSettings;
    matchSeconds: number | undefined;
    /** Spectators watching now, for the listing. */
    spectators?: () => number;
  },
): Promise<ModeSetup> {
  const { options, settings } = setup;
  const id: ModeId = isModeId(options.mode) ? options.mode : DEFAULT_MODE;
  const mode: GameMode = MODES[id];
  // The operator's MATCH_SECONDS is the default mode's round length; other modes keep their own.
  const matchSeconds = setup.matchSeconds ?? (mode.id === DEFAULT_MODE ? settings.matchSeconds : undefined);
  const worldConfig = worldConfigFor(mode, { tickHz: settings.tickHz, matchSeconds });
  const maxPlayers = Math.min(mode.maxPlayers, settings.maxClients);
  if (options.privateRoom === true) {
    room.roomId = await claimRoomCode(async (code) => (await matchMaker.query({ roomId: code })).length > 0);
    await room.setPrivate(true);
  }
  room.state.mode = mode.id;
  const listing = new MatchListingPublisher(room, {
    mode: id,
    maxPlayers,
    spectators: setup.spectators,
  });
  const grace = new EmptyRoomGrace(room, settings.emptyRoomGraceSeconds);
  return {
    mode,
    worldConfig,
    maxPlayers,
    fillerBots: options.privateRoom === true ? 0 : (settings.fillerBots ?? mode.fillerBots),
    started: (world) => {
      listing.update(world);
      grace.onEmptyCheck();
    },
    joined: (world) => {
      grace.onJoin();
      listing.update(world);
    },
    left: (world) => {
      listing.update(world);
      grace.onEmptyCheck();
    },
    ticked: (world, events) => {
      if (events.roundEnded || events.roundStarted || world.tick % world.config.tickHz === 0) listing.update(world);
    },
  };
}
