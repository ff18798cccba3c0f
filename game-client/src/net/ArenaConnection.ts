import type { Client, Room } from '@colyseus/sdk';
import {
  ARENA_SIZE,
  PATCH_HZ,
  ServerMessage,
  TICK_HZ,
  type ArenaState,
  type EatenMessage,
  type PersonalBestMessage,
  type JoinOptions,
  type MoveInput,
  type MoveInputPacket,
  type RoundResults,
} from '@orb-arena/shared';
import { createGameClient, type GuestIdentityMode } from './gameClient.ts';
import { InterpolationClock } from './InterpolationClock.ts';
import { joinRoom, QUICK_PLAY, type JoinTarget } from './matchmaking.ts';
import { RateMeter } from './NetStats.ts';
import { Predictor } from './Predictor.ts';
import { SnapshotBuffer, type Sample } from './SnapshotBuffer.ts';

export type ConnectionStatus = 'connected' | 'reconnecting' | 'disconnected';

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
}

/** Listeners the UI can attach; each is optional. */
export interface ConnectionEvents {
  status?: (status: ConnectionStatus, detail?: string) => void;
  results?: (results: RoundResults) => void;
  eaten?: (message: EatenMessage) => void;
  /** The player's round score is stored on the persistent boards (and whether it was a new best). */
  personalBest?: (message: PersonalBestMessage) => void;
}

/** Network figures for the debug overlay and the netcode benchmark. */
export interface NetSnapshot {
  rttMs: number;
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
 * The client's network layer: joins the arena, sends one input per server tick through the SDK's
 * input channel, predicts the own player, buffers snapshots of everyone else and interpolates them.
 * Scenes read from it and hand it the current steering; they never touch the room.
 */
export class ArenaConnection {
  readonly predictor: Predictor;
  readonly interpolation: InterpolationClock;
  status: ConnectionStatus = 'connected';
  private readonly buffers = new Map<string, SnapshotBuffer>();
  private readonly input;
  private readonly stepMs: number;
  private accumulatorMs = 0;
  private readonly patches = new RateMeter();
  private readonly bytesIn = new RateMeter();
  private readonly bytesOut = new RateMeter();
  private dryRemotes = 0;
  private readonly joinedAt: number;

  private constructor(
    readonly room: Room<unknown, ArenaState>,
    private readonly events: ConnectionEvents,
    private readonly now: () => number,
  ) {
    this.input = room.input<MoveInputPacket>();
    this.joinedAt = now();
    room.reconnection.minUptime = RECONNECT_MIN_UPTIME_MS;
    this.stepMs = this.input.stepMs ?? 1000 / TICK_HZ;
    this.predictor = new Predictor({ dt: this.stepMs / 1000 });
    this.interpolation = new InterpolationClock({ patchIntervalMs: this.input.patchRate ?? 1000 / PATCH_HZ });
    this.countBytes();
    room.onStateChange(() => this.onPatch());
    room.onMessage(ServerMessage.RoundResults, (results: RoundResults) => events.results?.(results));
    room.onMessage(ServerMessage.Eaten, (message: EatenMessage) => events.eaten?.(message));
    room.onMessage(ServerMessage.PersonalBest, (message: PersonalBestMessage) => events.personalBest?.(message));
    room.onDrop(() => this.setStatus('reconnecting'));
    room.onReconnect(() => {
      this.predictor.reset();
      this.setStatus('connected');
    });
    room.onLeave((code: number) => this.setStatus('disconnected', `left with code ${code}`));
  }

  /**
   * Joins an arena room: `target` says which (@default QUICK_PLAY). `endpoint` is the game server's
   * http(s) URL; `client` a client from createGameClient to join with (else one is made with
   * `identity`, @default 'stored'); `now` is the clock in ms used for stats and interpolation.
   * @default now performance.now
   */
  static async join(settings: {
    endpoint: string;
    options: JoinOptions;
    target?: JoinTarget;
    client?: Client;
    identity?: GuestIdentityMode;
    events?: ConnectionEvents;
    now?: () => number;
  }): Promise<ArenaConnection> {
    const client = settings.client ?? (await createGameClient(settings.endpoint, { identity: settings.identity }));
    const room = await joinRoom(client, settings.target ?? QUICK_PLAY, settings.options);
    return new ArenaConnection(room, settings.events ?? {}, settings.now ?? (() => performance.now()));
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

  /** Side of this room's arena, units (its mode decides; ARENA_SIZE until the state arrives). */
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

  /** Sends one tick's input and applies it to the prediction at once. */
  sendInput(steer: MoveInput): void {
    if (this.status !== 'connected') return;
    this.input.data.x = steer.x;
    this.input.data.y = steer.y;
    const seq = this.input.send();
    this.predictor.applyLocal(seq, steer);
  }

  /** The own player where it should be drawn: prediction plus the fading correction. */
  ownPosition(): { x: number; y: number; mass: number; alive: boolean } {
    const body = this.predictor.predicted;
    return {
      x: body.x + this.predictor.offset.x,
      y: body.y + this.predictor.offset.y,
      mass: body.mass,
      alive: body.alive,
    };
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
      views.push({ id, name: player.name, alive: player.alive, ...sample });
    });
    this.dryRemotes = dry;
    return views;
  }

  /** Current network figures. */
  stats(): NetSnapshot {
    const now = this.now();
    return {
      rttMs: this.room.clock.rtt(),
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

  leave(): Promise<number> {
    return this.room.leave();
  }

  private onPatch(): void {
    const now = this.now();
    const serverTime = this.room.clock.lastServerTime();
    this.patches.add(now);
    this.interpolation.onSnapshot(serverTime, now);
    const players = this.room.state.players;
    if (!players) return;
    this.predictor.arenaSize = this.arenaSize;
    const own = players.get(this.sessionId);
    if (own) {
      this.predictor.reconcile({ x: own.x, y: own.y, mass: own.mass, alive: own.alive }, this.input.lastProcessed);
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
