import { CloseCode, Room, SchemaSerializer, ServerError, type Client, type Serializer } from '@colyseus/core';
import {
  ArenaState,
  AXIS_MAX,
  CameraMessage,
  ChatMessage,
  ClientMessage,
  ErrorCode,
  INPUT_BATCH_MESSAGE,
  InputQueue,
  JoinOptions,
  decodeInputPayload,
  LEADERBOARD_EVERY_TICKS,
  LEADERBOARD_POSITIONS_EVERY_TICKS,
  MAX_PLAYERS_PER_ROOM,
  MoveInputPacket,
  RenameMessage,
  ViewMessage,
  ServerMessage,
  addPlayer,
  createStepEvents,
  createWorld,
  defaultHue,
  describeIssues,
  emptyInPlace,
  topStandings,
  removePlayer,
  stepWorld,
  toGameError,
  type MoveInput,
  type RoundResults,
  type StepEvents,
  type World,
  LEADERBOARD_SIZE,
  LeaderEntry,
  Player,
  SERVER_MOVING_CLOSE_CODE,
  TICK_HZ,
} from '@orb-arena/shared';
import type { Logger } from 'pino';
import { roomLogger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import { verifyGuestToken, type PlayerIdentity } from '../identity/guestIdentity.ts';
import { RoomScores } from '../persistence/RoomScores.ts';
import type { ScoreReporter } from '../persistence/ScoreReporter.ts';
import { DEFAULT_SETTINGS, type ServerSettings } from '../config.ts';
import { ChatChannel } from './ChatChannel.ts';
import { EntityPool } from './EntityPool.ts';
import { FillerBots } from './FillerBots.ts';
import { acknowledgeFrom } from './inputAck.ts';
import { InputGate } from './InputGate.ts';
import { InterestManager } from './InterestManager.ts';
import { TimedPatchSerializer } from './TimedPatchSerializer.ts';
import { eatenMessageFor } from './killAnnouncements.ts';
import { installSeatPolicy } from './seatPolicy.ts';
import { Spectators } from './Spectators.ts';
import { moveEveryone } from './moving.ts';
import { relayAnnouncements } from '../scale/announcements.ts';
import { drain, type DrainHandle } from '../scale/drain.ts';
import { setUpMode, type ModeRoomOptions, type ModeSetup } from './modeRoom.ts';
import { checked } from '../security/checked.ts';
import { kickReasonOf } from '../security/WireGuard.ts';
import { createOrbEntities, syncLeaderboard, syncMatch, syncOrbs, syncPlayer, syncPlayers } from './projection.ts';

/**
 * Player entities reserved beyond the room's seats, for joins while released ones wait out
 * ENTITY_REUSE_TICKS (a bot leaving for a human, a reconnect that gave up): seats plus these stay
 * under refId 128 for every mode (see EntityPool).
 */
const SPARE_PLAYER_ENTITIES = 14;
/**
 * Most player entities reserved: refIds under 128 take one byte, the state's own structures take the
 * first four and the leaderboard LEADERBOARD_SIZE; more would not be small anyway.
 */
const MAX_RESERVED_PLAYER_ENTITIES = 128 - 4 - LEADERBOARD_SIZE;

/** What onCreate receives: the first client's join options, with the server's settings on top. */
export interface ArenaCreateOptions extends ModeRoomOptions {
  matchSeconds?: number;
  /** Set by the server (defineRoom default options), which override anything a client sends. */
  settings?: Partial<ServerSettings> & { seed?: number };
  /** Seconds an unused seat reservation holds its seat (set by the server). */
  seatReservationSeconds?: number;
  /** Set by the server: where scores go for the persistent leaderboards (none: not kept). */
  scores?: ScoreReporter;
}

/**
 * The arena: glue between the network and the shared simulation. Handlers validate and queue; the
 * fixed-timestep tick drains each player's inputs through stepWorld and projects the world onto the
 * synchronized state; right before each patch, every client's view is brought up to date.
 */
export class ArenaRoom extends Room<{
  state: ArenaState;
  input: MoveInputPacket;
  client: Client<{ auth: PlayerIdentity }>;
}> {
  override maxClients = MAX_PLAYERS_PER_ROOM;
  override state = new ArenaState();

  /**
   * Inputs travel as bytes messages (INPUT_BATCH_MESSAGE, see receiveInputs), not on this channel:
   * it is declared for what rides with it, the tick and patch rates in the join handshake and the
   * per-patch ack (inputAck.ts). No client frame on it passes the wire guard, so it buffers nothing.
   */
  override inputs = this.defineInput(MoveInputPacket, {
    bufferMaxSize: 0,
    sanitize: { x: [-AXIS_MAX, AXIS_MAX], y: [-AXIS_MAX, AXIS_MAX] },
  });

  private world!: World;
  /** The room's mode, its listing and its empty-room grace (see modeRoom.ts). */
  private mode!: ModeSetup;
  private interest!: InterestManager;
  private bots!: FillerBots;
  private spectators!: Spectators;
  private orbKeys: string[] = [];
  /** The state's Player and LeaderEntry instances, reused so they keep small refIds (see EntityPool). */
  private readonly playerEntities = new EntityPool({ create: () => new Player(), now: () => this.world.tick });
  private readonly leaderEntries = new EntityPool({ create: () => new LeaderEntry(), now: () => this.world.tick });
  private readonly gate = new InputGate();
  /** Each human player's pending inputs (bots queue theirs in FillerBots). */
  private readonly inputQueues = new Map<string, InputQueue>();
  /** Counts what a spectator sends as inputs (refused, counted in the metrics). */
  private readonly refusedInputs = { count: 0, accept: () => void this.refusedInputs.count++ };
  private tickBudgetMs = 1000 / TICK_HZ;
  /** When the last patch started (performance.now()), for the patch interval metric. */
  private lastPatchAt: number | undefined;
  private readonly chat = new ChatChannel({
    broadcast: (type, payload) => this.broadcast(type, payload),
    sendTo: (sessionId, type, payload) => this.clients.getById(sessionId)?.send(type, payload),
    sendToWitnesses: (playerIds, type, payload) =>
      this.interest.forEachWitness(playerIds, (sessionId) => this.clients.getById(sessionId)?.send(type, payload)),
  });
  /** Reused every tick: the inputs each player applies this step. */
  private readonly stepInputs = new Map<string, MoveInput[]>();
  /** Reused every tick: what the step changed (valid until the next step). */
  private readonly events = createStepEvents();
  /** This room's log lines carry its roomId (set in onCreate, once the id exists). */
  private log!: Logger;
  /** This room's part in a drain (scale/drain.ts): locked at once, players moved at round end. */
  private drainHandle!: DrainHandle;
  private stopAnnouncements: () => void = () => {};
  private scores: RoomScores | undefined;
  private reconnectSeconds = DEFAULT_SETTINGS.reconnectSeconds;

  override messages = {
    [ClientMessage.Rename]: checked(ClientMessage.Rename, RenameMessage, (client: Client, message: RenameMessage) => {
      const player = this.world.players.get(client.sessionId);
      if (player) player.name = message.name;
    }),
    [ClientMessage.View]: checked(ClientMessage.View, ViewMessage, (client: Client, message: ViewMessage) => {
      this.interest.setPortrait(client.sessionId, message.portrait);
    }),
    [ClientMessage.Chat]: checked(ClientMessage.Chat, ChatMessage, (client: Client, message: ChatMessage) => {
      const speaker = this.world.players.get(client.sessionId) ?? this.spectators.get(client.sessionId);
      if (!speaker) return;
      const spectator = this.spectators.has(client.sessionId);
      this.chat.say({ id: client.sessionId, name: speaker.name, spectator }, message.text);
    }),
    [ClientMessage.Camera]: checked(ClientMessage.Camera, CameraMessage, (client: Client, message: CameraMessage) => {
      if (this.spectators.aim(client.sessionId, message)) {
        this.interest.showOwnerFields(client.sessionId, this.spectators.get(client.sessionId)?.follow ?? null);
      }
    }),
    _: (client: Client, type: unknown) => {
      metrics.countRejected('unknown', 'unknown_type');
      this.log.warn({ sessionId: client.sessionId, type }, 'ignored a message of unknown type');
    },
  };

  /** Runs before a seat is reserved: no valid guest token, no seat. The player id comes from it alone. */
  static override async onAuth(token: string | undefined): Promise<PlayerIdentity> {
    return verifyGuestToken(token);
  }

  override async onCreate(options: ArenaCreateOptions = {}): Promise<void> {
    const settings = { ...DEFAULT_SETTINGS, ...options.settings };
    const matchSeconds = JoinOptions.shape.matchSeconds.safeParse(options.matchSeconds).data;
    // First: a private room takes its code as room id here, and the log should name the room by it.
    this.mode = await setUpMode(this, {
      options,
      settings,
      matchSeconds,
      spectators: () => this.spectators.count,
    });
    this.log = roomLogger(this.roomName, this.roomId);
    this.drainHandle = drain.attach({
      lock: () => this.lock(),
      moveEveryone: () => moveEveryone(this, (id) => this.world.players.get(id)?.score ?? 0),
      isEmpty: () => this.clients.length === 0,
    });
    this.stopAnnouncements = relayAnnouncements(this);
    this.world = createWorld(options.settings?.seed ?? (Math.random() * 2 ** 32) >>> 0, this.mode.worldConfig);
    this.orbKeys = this.world.orbs.map((orb) => String(orb.id));
    // Before the orbs: the structures written every patch get the small refIds (EntityPool).
    this.playerEntities.reserveRefIds(
      this.state,
      Math.min(this.mode.maxPlayers + SPARE_PLAYER_ENTITIES, MAX_RESERVED_PLAYER_ENTITIES),
    );
    this.leaderEntries.reserveRefIds(this.state, LEADERBOARD_SIZE);
    createOrbEntities(this.world, this.state, this.orbKeys);
    this.interest = new InterestManager({
      state: this.state,
      world: this.world,
      orbKeys: this.orbKeys,
      mode: settings.interest,
    });
    this.maxClients = this.mode.maxPlayers;
    this.bots = new FillerBots(
      {
        addBot: (id, name, hue) => this.enterPlayer(id, name, { bot: true, hue }),
        removeBot: (id) => this.exitPlayer(id),
      },
      { target: this.mode.fillerBots, seed: this.world.rng },
    );
    this.spectators = new Spectators(settings.maxSpectators);
    installSeatPolicy(this, {
      spectatorCap: () => this.spectators.cap,
      isSpectator: (sessionId) => this.spectators.has(sessionId),
    });
    if (options.seatReservationSeconds) this.seatReservationTimeout = options.seatReservationSeconds;
    this.tickBudgetMs = 1000 / settings.tickHz;
    this.reconnectSeconds = settings.reconnectSeconds;
    metrics.rooms.inc();
    syncMatch(this.world, this.state);
    this.patchRate = 1000 / settings.patchHz;
    this.onMessageBytes(INPUT_BATCH_MESSAGE, (client: Client, payload: Uint8Array) =>
      this.receiveInputs(client, payload),
    );
    this.setFixedTimestep(() => this.tick(), settings.tickHz);
    this.mode.started(this.world);
    // Each mode has its own persistent boards.
    this.scores = options.scores && RoomScores.forRoom(options.scores, this, this.mode.mode.id);
  }

  override onJoin(client: Client, options: unknown): void {
    const parsed = JoinOptions.safeParse(options);
    if (!parsed.success) {
      throw new ServerError(
        ErrorCode.InvalidJoinOptions,
        `invalid join options: ${describeIssues(parsed.error.issues)}`,
      );
    }
    const portrait = parsed.data.portrait ?? false;
    if (parsed.data.spectate) {
      this.spectators.add(client.sessionId, parsed.data.name, this.world.arena.size);
      this.state.watcherCount = this.spectators.count;
      client.view = this.interest.watchPoint(
        client.sessionId,
        () => this.spectators.focusOf(client.sessionId, this.world),
        portrait,
      );
      this.mode.joined(this.world);
      metrics.spectators.inc();
      return;
    }
    this.enterPlayer(client.sessionId, parsed.data.name, { bot: false, hue: parsed.data.hue });
    const queue = new InputQueue();
    this.inputQueues.set(client.sessionId, queue);
    acknowledgeFrom(client, queue);
    client.view = this.interest.watch(client.sessionId, portrait);
    this.bots.rebalance(this.world.players.size - this.bots.count);
    this.mode.joined(this.world);
    this.scores?.joined(client.sessionId, (client.auth as PlayerIdentity).playerId);
    metrics.players.inc();
  }

  override async onDrop(client: Client, code?: number): Promise<void> {
    // A client kicked for bad input or flooding must not hold its seat for the reconnection window,
    // nor one whose browser closed the tab or navigated away (1001 "going away": a leave by choice).
    // Colyseus calls onLeave after onDrop returns without a reconnection.
    // The wire guard's drops (and ws's own 1002/1009) are marked on the socket, whatever code arrived.
    if (code === CloseCode.WITH_ERROR || kickReasonOf(client.ref) !== undefined) {
      metrics.countDrop('error');
      return;
    }
    if (code === CloseCode.GOING_AWAY) return;
    // Moved to another process (drain): nothing to come back to.
    if (code === SERVER_MOVING_CLOSE_CODE) return;
    try {
      await this.allowReconnection(client, this.reconnectSeconds);
    } catch {
      // The seat expired or the room is shutting down: Colyseus calls onLeave next, which frees it.
    }
  }

  override onReconnect(client: Client): void {
    metrics.countReconnection();
    // The reconnected client numbers its inputs from 1 again (its prediction starts over too).
    const queue = this.inputQueues.get(client.sessionId);
    if (queue) {
      queue.reset();
      acknowledgeFrom(client, queue);
    }
    client.view = this.interest.viewOf(client.sessionId);
  }

  override onLeave(client: Client): void {
    this.chat.forget(client.sessionId);
    if (this.spectators.has(client.sessionId)) {
      this.spectators.remove(client.sessionId);
      this.state.watcherCount = this.spectators.count;
      this.interest.unwatch(client.sessionId);
      this.mode.left(this.world);
      metrics.spectators.dec();
      return;
    }
    // A join refused in onJoin also ends here, without a player (and without a clients++).
    if (!this.world.players.has(client.sessionId)) return;
    this.scores?.left(this.world, client.sessionId);
    this.exitPlayer(client.sessionId);
    this.bots.rebalance(this.world.players.size - this.bots.count);
    this.mode.left(this.world);
    metrics.players.dec();
  }

  /** Graceful shutdown: scores are reported now, since Colyseus won't wait for a dropped seat's onLeave. */
  override onBeforeShutdown(): void {
    this.scores?.shuttingDown(this.world);
    super.onBeforeShutdown();
  }

  override onDispose(): void {
    metrics.rooms.dec();
    this.drainHandle.detach();
    this.stopAnnouncements();
  }

  /**
   * Patches go through TimedPatchSerializer (one buffer per client per patch instead of two).
   * Colyseus picks the serializer itself when `state` is assigned (its setter calls this with a new
   * SchemaSerializer, then resets it with the state): swapping it here gives the state one encoder.
   * (Resetting a second serializer with the same state in onCreate was tried: the state's change
   * trees then belong to two encoders, and clients failed to decode patches, "refId not found".)
   */
  override setSerializer(serializer: Serializer<ArenaState>): void {
    const colyseus = serializer instanceof SchemaSerializer && !(serializer instanceof TimedPatchSerializer);
    super.setSerializer(colyseus ? new TimedPatchSerializer<ArenaState>() : serializer);
  }

  /** Updates every client's view, then encodes and sends the patch; timed for the metrics. */
  override broadcastPatch(): boolean {
    const started = performance.now();
    this.interest.update();
    const sent = super.broadcastPatch();
    metrics.recordPatch(
      performance.now() - started,
      this.lastPatchAt === undefined ? undefined : started - this.lastPatchAt,
    );
    this.lastPatchAt = started;
    return sent;
  }

  override onUncaughtException(error: unknown, methodName: string): void {
    const cause = error instanceof Error && error.cause !== undefined ? error.cause : error;
    if (cause instanceof ServerError && cause.code === ErrorCode.InvalidJoinOptions) {
      // The client was told why; one line is enough here (the exception also carries the whole client).
      this.log.warn(`rejected a join: ${cause.message}`);
      return;
    }
    const gameError = toGameError(cause);
    this.log.error({ err: gameError, method: methodName }, `${methodName} failed: ${gameError.message}`);
  }

  /** Puts a player (a client's or a filler bot's) into the world and the state, and tells the room. */
  private enterPlayer(id: string, name: string, { bot, hue }: { bot: boolean; hue?: number | undefined }): void {
    const player = addPlayer(this.world, id, name);
    player.bot = bot;
    const entity = this.playerEntities.take();
    syncPlayer(player, entity);
    entity.hue = hue ?? defaultHue(id);
    this.state.players.set(id, entity);
    this.interest.addPlayer(id);
    syncLeaderboard(this.world, this.state, { entries: this.leaderEntries });
    syncMatch(this.world, this.state);
    this.chat.feed({ kind: 'joined', id, name, bot });
  }

  /** Takes a player out of the world, the state and every view, and tells the room. */
  private exitPlayer(id: string): void {
    const player = this.world.players.get(id);
    if (player) this.chat.feed({ kind: 'left', id, name: player.name, bot: player.bot });
    removePlayer(this.world, id);
    const entity = this.state.players.get(id);
    this.state.players.delete(id);
    if (entity) this.playerEntities.release(entity);
    this.interest.removePlayer(id);
    this.gate.forget(id);
    this.stepInputs.delete(id);
    this.inputQueues.delete(id);
    syncLeaderboard(this.world, this.state, { entries: this.leaderEntries });
    syncMatch(this.world, this.state);
  }

  /** One fixed step: admitted inputs → stepWorld → state projection. Views follow at patch time. */
  private tick(): void {
    const started = performance.now();
    this.bots.decide(this.world);
    this.collectInputs();
    const events = stepWorld(this.world, this.stepInputs, this.events);
    syncPlayers(this.world, this.state);
    syncOrbs(events.movedOrbs, this.state, this.orbKeys);
    syncMatch(this.world, this.state);
    if (
      this.world.tick % LEADERBOARD_EVERY_TICKS === 0 ||
      events.kills.length > 0 ||
      events.roundStarted ||
      events.roundEnded
    ) {
      syncLeaderboard(this.world, this.state, {
        entries: this.leaderEntries,
        positions: this.world.tick % LEADERBOARD_POSITIONS_EVERY_TICKS === 0,
      });
    }
    this.announce(events);
    this.chat.announceStep(this.world, events);
    if (events.roundEnded) this.drainHandle.roundEnded();
    this.mode.ticked(this.world, events);
    metrics.recordTick(performance.now() - started, this.tickBudgetMs);
  }

  /**
   * A batch of inputs from a client (inputBatch.ts; the wire guard already checked its shape): new
   * ones join the player's queue in seq order, repeated and late ones are ignored (InputQueue).
   */
  private receiveInputs(client: Client, payload: Uint8Array): void {
    const queue = this.inputQueues.get(client.sessionId);
    // A spectator has no orb: whatever it sends as inputs is refused (dropped unread, counted).
    const fault = decodeInputPayload(payload, queue ?? this.refusedInputs);
    if (fault !== undefined) {
      metrics.countRejected('input', 'malformed');
      this.log.warn({ sessionId: client.sessionId }, `ignored an input batch: ${fault}`);
    }
    if (this.refusedInputs.count > 0) {
      metrics.countSpectatorInputs(this.refusedInputs.count);
      this.refusedInputs.count = 0;
    }
  }

  /** Takes each player's admitted inputs for this step (InputGate: one a tick on average). */
  private collectInputs(): void {
    let applied = 0;
    for (const id of this.world.players.keys()) {
      let list = this.stepInputs.get(id);
      if (!list) this.stepInputs.set(id, (list = []));
      const bot = this.bots.queueOf(id);
      if (bot) {
        const taken = bot.take(this.gate.admit(id, bot.size));
        for (let i = 0; i < taken.length; i++) list[i] = taken[i]!;
        // Popping, not `length = 0`, keeps the list's storage.
        while (list.length > taken.length) list.pop();
        applied += taken.length;
        continue;
      }
      const queue = this.inputQueues.get(id);
      if (queue) applied += queue.takeInto(list, this.gate.admit(id, queue.size));
      else emptyInPlace(list);
    }
    metrics.countInputsApplied(applied);
  }

  /** Sends the messages that events call for: "you were eaten" and the round results (the kill feed is the chat channel's `ate` events). */
  private announce(events: StepEvents): void {
    for (let i = 0; i < events.kills.length; i++) {
      const kill = events.kills[i]!;
      const rank = this.state.players.get(kill.preyId)?.rank ?? 0;
      this.interest.followUntilRespawn(kill.preyId, kill.eaterId);
      this.clients.getById(kill.preyId)?.send(ServerMessage.Eaten, eatenMessageFor(this.world, kill, rank));
    }
    if (events.roundEnded) {
      const results: RoundResults = {
        round: this.world.match.round,
        standings: topStandings(this.world.players.values(), LEADERBOARD_SIZE),
      };
      this.broadcast(ServerMessage.RoundResults, results);
      this.scores?.roundEnded(this.world);
    }
  }
}
