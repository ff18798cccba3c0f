import type { Client, Room } from '@colyseus/sdk';
import {
  ANNOUNCE_MESSAGE,
  ARENA_SIZE,
  ClientMessage,
  MOVING_MESSAGE,
  PATCH_HZ,
  ServerMessage,
  TICK_HZ,
  batchInputsTo,
  type ArenaState,
  type EatenMessage,
  type PersonalBestMessage,
  type Announcement,
  type JoinOptions,
  type MovingMessage,
  type InputBatcher,
  type MoveInput,
  type MoveInputPacket,
  type RoundResults,
  type ViewMessage,
} from '@orb-arena/shared';
import { createGameClient, type GuestIdentityMode } from './gameClient.ts';
import { describeLeave } from './connectionMessages.ts';
import { InterpolationClock } from './InterpolationClock.ts';
import { joinRoom, QUICK_PLAY, type JoinTarget } from './matchmaking.ts';
import { RateMeter } from './NetStats.ts';
import { PingMeter } from './PingMeter.ts';
import { Predictor } from './Predictor.ts';
import { isRelocation, retryJoin, type RetryOptions } from './relocation.ts';
import { SnapshotBuffer, type Sample } from './SnapshotBuffer.ts';
import { SpectatorCamera } from './SpectatorCamera.ts';

/** 'moving': the server is going away and the client is joining quick play on another one. */
export type ConnectionStatus = 'connected' | 'reconnecting' | 'moving' | 'disconnected';

/**
 * Reconnection attempts to the same server before the client treats it as gone and rejoins elsewhere
 * (about 11 s with RECONNECT_MAX_DELAY_MS; the SDK's default 15 tries take about a minute).
 */
export const RECONNECT_MAX_RETRIES = 8;
/** Longest wait between two reconnection attempts, ms. */
export const RECONNECT_MAX_DELAY_MS = 2000;

/**
 * How long a seat must have been held before a dropped socket is reconnected automatically, ms. The
 * SDK's default (5 s) sends a player who drops in the first seconds back to the menu; one second still
 * stops a reconnect loop against a server that kicks on join.
 */
export const RECONNECT_MIN_UPTIME_MS = 1000;

/** A remote player as the scene draws it this frame. */
export interface RemoteView extends Sample {
  id: string;
  name: string;
  alive: boolean;
  shielded: boolean;
  hue: number;
}

/** Listeners the UI can attach; each is optional. */
export interface ConnectionEvents {
  status?: (status: ConnectionStatus, detail?: string) => void;
  results?: (results: RoundResults) => void;
  eaten?: (message: EatenMessage) => void;
  /** The player's round score is stored on the persistent boards (and whether it was a new best). */
  personalBest?: (message: PersonalBestMessage) => void;
  /** An operator's announcement (every process relays it). */
  announce?: (text: string) => void;
  /**
   * The server went away (deploy or crash) and the client was seated on another one with the same
   * identity: draw `next` from now on. The old connection is finished.
   */
  moved?: (next: ArenaConnection) => void;
}

/** How to join; kept by the connection so it can rejoin quick play elsewhere. */
export interface JoinSettings {
  endpoint: string;
  options: JoinOptions;
  /** Which room to join. @default QUICK_PLAY */
  target?: JoinTarget;
  /** A client from createGameClient (its identity is reused on every rejoin). */
  client?: Client;
  /** Identity for a client made here. @default 'stored' */
  identity?: GuestIdentityMode;
  events?: ConnectionEvents;
  /** Clock in ms for stats and interpolation. @default performance.now */
  now?: () => number;
  /** Same-server reconnection limits. @default RECONNECT_MAX_RETRIES, RECONNECT_MAX_DELAY_MS */
  reconnection?: { maxRetries?: number; maxDelay?: number };
  /** How hard a moved client looks for a new room. */
  relocation?: RetryOptions;
}

/** Send times kept for the input → ack figure: inputs by seq, a second's worth at 30 Hz and more. */
const SENT_TIMES_KEPT = 64;

/** How often the connection pings the server for the HUD's round-trip time, ms. */
export const PING_INTERVAL_MS = 2000;
/** How often while the ping meter takes its first samples (see PingMeter), ms. */
const PING_WARM_UP_INTERVAL_MS = 400;

/** Network figures for the debug overlay and the netcode benchmark. */
export interface NetSnapshot {
  /** Smoothed round trip measured with ping/pong, ms; null before the first answer. */
  pingMs: number | null;
  /** Time from recording an input to the patch that acknowledges it (includes batch, tick and patch waits), ms. */
  inputAckMs: number;
  jitterMs: number;
  interpolationDelayMs: number;
  predictionErrorUnits: number;
  pendingInputs: number;
  patchesPerSecond: number;
  bytesInPerSecond: number;
  bytesOutPerSecond: number;
  dryRemotes: number;
}

/**
 * The client's network layer: joins the arena, records one input per server tick and sends them in
 * batches (InputBatcher: every second tick, with the inputs before for redundancy), predicts the own
 * player, buffers snapshots of everyone else and interpolates them.
 * Scenes read from it and hand it the current steering; they never touch the room.
 */
export class ArenaConnection {
  readonly predictor: Predictor;
  readonly interpolation: InterpolationClock;
  status: ConnectionStatus = 'connected';
  /** Set when watching without an orb: no inputs are sent; the scene moves this camera instead. */
  camera: SpectatorCamera | null = null;
  /** Who ate the own player last: the scene watches it until the respawn. */
  eatenBy: string | null = null;
  private readonly buffers = new Map<string, SnapshotBuffer>();
  /** The input channel's handle: the tick and patch rates, and the server's ack (`lastProcessed`). */
  private readonly input;
  private readonly batcher: InputBatcher;
  /** When each input was recorded, by seq % SENT_TIMES_KEPT, and the last input → ack time, ms. */
  private readonly sentTimes = new Float64Array(SENT_TIMES_KEPT);
  private inputAckMs = 0;
  private lastAck = 0;
  private readonly stepMs: number;
  private accumulatorMs = 0;
  private readonly patches = new RateMeter();
  private readonly bytesIn = new RateMeter();
  private readonly bytesOut = new RateMeter();
  private dryRemotes = 0;
  private readonly joinedAt: number;
  private readonly ping = new PingMeter();
  /** The close code the room ended with (null while connected). */
  leaveCode: number | null = null;
  /** The screen shape the server was last told (see ViewMessage). */
  private portrait = false;
  /** The steering sent with the last input (read by browser tests). */
  lastSteer: MoveInput = { x: 0, y: 0 };
  private pingTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly events: ConnectionEvents;
  private readonly now: () => number;
  /** What the server said when it started moving this player (score kept in the store). */
  movingNotice: MovingMessage | undefined;

  private constructor(
    readonly room: Room<unknown, ArenaState>,
    private readonly settings: JoinSettings & { client: Client },
  ) {
    const events = (this.events = settings.events ?? {});
    this.now = settings.now ?? (() => performance.now());
    this.input = room.input<MoveInputPacket>();
    this.batcher = batchInputsTo(room);
    this.joinedAt = this.now();
    room.reconnection.minUptime = RECONNECT_MIN_UPTIME_MS;
    room.reconnection.maxRetries = settings.reconnection?.maxRetries ?? RECONNECT_MAX_RETRIES;
    room.reconnection.maxDelay = settings.reconnection?.maxDelay ?? RECONNECT_MAX_DELAY_MS;
    this.stepMs = this.input.stepMs ?? 1000 / TICK_HZ;
    this.predictor = new Predictor({ dt: this.stepMs / 1000 });
    this.interpolation = new InterpolationClock({ patchIntervalMs: this.input.patchRate ?? 1000 / PATCH_HZ });
    this.countBytes();
    room.onStateChange(() => this.onPatch());
    room.onMessage(ServerMessage.RoundResults, (results: RoundResults) => events.results?.(results));
    room.onMessage(ServerMessage.Eaten, (message: EatenMessage) => {
      this.eatenBy = message.byId;
      events.eaten?.(message);
    });
    room.onMessage(ServerMessage.PersonalBest, (message: PersonalBestMessage) => events.personalBest?.(message));
    room.onDrop(() => this.setStatus('reconnecting'));
    room.onReconnect(() => {
      // The server's queue for this seat starts over: number inputs from 1 again.
      this.batcher.reset();
      this.predictor.reset();
      this.setStatus('connected');
    });
    room.onMessage(MOVING_MESSAGE, (message: MovingMessage) => (this.movingNotice = message));
    room.onMessage(ANNOUNCE_MESSAGE, (message: Announcement) => events.announce?.(message.text));
    room.onLeave((code: number) => {
      clearTimeout(this.pingTimer);
      this.leaveCode = code;
      if (isRelocation(code)) void this.relocate(code);
      else this.setStatus('disconnected', describeLeave(code));
    });
    this.measurePing();
  }

  /** Rejoins quick play with the same client (same identity) and hands the new connection over. */
  private async relocate(code: number): Promise<void> {
    this.setStatus('moving', this.movingNotice ? 'server moving you' : `server gone (code ${code})`);
    try {
      // Quick play in the same mode (the room type): a room picked by id is gone with its server.
      const target: JoinTarget = { kind: 'quick', mode: this.room.name };
      const next = await retryJoin(() => ArenaConnection.join({ ...this.settings, target }), this.settings.relocation);
      this.events.moved?.(next);
    } catch (error) {
      this.setStatus('disconnected', `no server to move to: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Joins an arena room: `target` says which (@default QUICK_PLAY). `endpoint` is the game server's
   * http(s) URL; with no `client`, one is made with `identity`. If that server later goes away, the
   * connection rejoins quick play in the same mode elsewhere and reports the new connection through
   * `events.moved`.
   */
  static async join(settings: JoinSettings): Promise<ArenaConnection> {
    const client = settings.client ?? (await createGameClient(settings.endpoint, { identity: settings.identity }));
    const target = settings.target ?? QUICK_PLAY;
    const room = await joinRoom(client, target, settings.options);
    const connection = new ArenaConnection(room, { ...settings, client });
    connection.portrait = settings.options.portrait ?? false;
    if (target.kind === 'spectate') connection.camera = new SpectatorCamera(() => connection.room.state.arenaSize ?? 0);
    return connection;
  }

  /** True once a dropped connection would be reconnected automatically (see RECONNECT_MIN_UPTIME_MS). */
  get canReconnect(): boolean {
    return this.now() - this.joinedAt >= RECONNECT_MIN_UPTIME_MS;
  }

  get sessionId(): string {
    return this.room.sessionId;
  }

  get state(): ArenaState {
    return this.room.state;
  }

  /** Side of this room's arena now, units (it grows and shrinks with the room; ARENA_SIZE until the state arrives). */
  get arenaSize(): number {
    return this.room.state.arenaSize || ARENA_SIZE;
  }

  /** Advances by one rendered frame: sends an input for every whole tick elapsed, fades corrections. */
  update(frameMs: number, steer: MoveInput): void {
    this.accumulatorMs = Math.min(this.accumulatorMs + frameMs, this.stepMs * 5);
    while (this.accumulatorMs >= this.stepMs) {
      this.accumulatorMs -= this.stepMs;
      this.sendInput(steer);
    }
    this.predictor.decay(frameMs);
  }

  /** Records one tick's input (sent with the next batch) and applies it to the prediction at once. */
  sendInput(steer: MoveInput): void {
    if (this.status !== 'connected' || this.camera) return;
    this.lastSteer = steer;
    const seq = this.batcher.push(steer);
    this.sentTimes[seq % SENT_TIMES_KEPT] = this.now();
    this.predictor.applyLocal(seq, steer);
  }

  /**
   * Sends now the input recorded but not sent yet (a batch goes out every second tick), for when no
   * tick follows soon: the frame loop stops, or a test waits for every input to be acknowledged.
   */
  flushInputs(): void {
    if (this.status === 'connected') this.batcher.flush();
  }

  /** Seq of the last input recorded (the number of inputs since joining or reconnecting). */
  get lastInputSeq(): number {
    return this.batcher.lastSeq;
  }

  /** Seq of the last input the server applied, as the latest patch says. */
  get ackedInputSeq(): number {
    return this.input.lastProcessed;
  }

  /**
   * The own player where it should be drawn: between its last two predicted steps, by the share of
   * the next step already elapsed (so 30 Hz steps move evenly on a 60 Hz screen), plus the fading
   * correction.
   */
  ownPosition(): { x: number; y: number; mass: number; alive: boolean } {
    const body = this.predictor.predicted;
    return { ...this.predictor.rendered(this.accumulatorMs / this.stepMs), mass: body.mass, alive: body.alive };
  }

  /** Every remote player in view, interpolated to the current render time. */
  remotes(): RemoteView[] {
    const renderTime = this.interpolation.renderTime(this.now());
    const views: RemoteView[] = [];
    let dry = 0;
    this.room.state.players?.forEach((player, id) => {
      if (id === this.sessionId) return;
      const sample = this.buffers.get(id)?.sample(renderTime);
      if (!sample) return;
      if (sample.dry) dry++;
      views.push({ id, name: player.name, alive: player.alive, shielded: player.shielded, hue: player.hue, ...sample });
    });
    this.dryRemotes = dry;
    return views;
  }

  /** Current network figures. */
  stats(): NetSnapshot {
    const now = this.now();
    return {
      pingMs: this.ping.ms,
      inputAckMs: this.inputAckMs,
      jitterMs: this.interpolation.jitterMs,
      interpolationDelayMs: this.interpolation.delayMs,
      predictionErrorUnits: this.predictor.lastCorrection,
      pendingInputs: this.predictor.pendingCount,
      patchesPerSecond: this.patches.perSecond(now),
      bytesInPerSecond: this.bytesIn.perSecond(now),
      bytesOutPerSecond: this.bytesOut.perSecond(now),
      dryRemotes: this.dryRemotes,
    };
  }

  /** Tells the server where the spectator camera looks (the view follows it), when that changed. */
  aimCamera(nowMs: number): void {
    const message = this.camera?.message(nowMs);
    if (message && this.status === 'connected') this.room.send(ClientMessage.Camera, message);
  }

  leave(): Promise<number> {
    clearTimeout(this.pingTimer);
    return this.room.leave();
  }

  /** Tells the server the screen turned, so it sends the world of the turned view rectangle. */
  setPortrait(portrait: boolean): void {
    if (portrait === this.portrait || this.status !== 'connected') return;
    this.portrait = portrait;
    this.room.send(ClientMessage.View, { portrait } satisfies ViewMessage);
  }

  /** Pings now and again after PING_INTERVAL_MS (sooner while the meter warms up), until the room is left. */
  private measurePing(): void {
    if (this.status === 'connected') this.room.ping((ms) => this.ping.add(ms));
    const delay = this.ping.warmingUp ? PING_WARM_UP_INTERVAL_MS : PING_INTERVAL_MS;
    this.pingTimer = setTimeout(() => this.measurePing(), delay);
  }

  private onPatch(): void {
    const now = this.now();
    const serverTime = this.room.clock.lastServerTime();
    this.patches.add(now);
    this.interpolation.onSnapshot(serverTime, now);
    const players = this.room.state.players;
    if (!players) return;
    this.predictor.setArena(this.arenaSize, this.room.state.arenaTarget || this.arenaSize);
    const own = players.get(this.sessionId);
    if (own) {
      const ack = this.input.lastProcessed;
      if (ack !== this.lastAck && ack > this.batcher.lastSeq - SENT_TIMES_KEPT)
        this.inputAckMs = now - this.sentTimes[ack % SENT_TIMES_KEPT]!;
      this.lastAck = ack;
      this.predictor.reconcile({ x: own.x, y: own.y, mass: own.mass, alive: own.alive }, ack);
    }
    players.forEach((player, id) => {
      if (id === this.sessionId) return;
      let buffer = this.buffers.get(id);
      if (!buffer) this.buffers.set(id, (buffer = new SnapshotBuffer()));
      buffer.push({ t: serverTime, x: player.x, y: player.y, mass: player.mass });
    });
    for (const id of this.buffers.keys()) {
      // A player that left the view starts a fresh buffer if it comes back, so it never slides across.
      if (!players.has(id)) this.buffers.delete(id);
    }
  }

  private countBytes(): void {
    const connection = this.room.connection;
    const events = connection.events as { onmessage?: (event: MessageEvent) => void };
    const onMessage = events.onmessage;
    events.onmessage = (event: MessageEvent) => {
      const data = event.data as ArrayBuffer | Uint8Array;
      this.bytesIn.add(this.now(), data.byteLength);
      onMessage?.call(events, event);
    };
    const send = connection.send.bind(connection);
    connection.send = (data: Uint8Array) => {
      this.bytesOut.add(this.now(), data.byteLength);
      send(data);
    };
  }

  private setStatus(status: ConnectionStatus, detail?: string): void {
    this.status = status;
    this.events.status?.(status, detail);
  }
}
