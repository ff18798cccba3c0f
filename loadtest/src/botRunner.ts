import { CloseCode, type Room } from '@colyseus/sdk';
import {
  BotIntent,
  ServerMessage,
  TICK_HZ,
  batchInputsTo,
  decideCruise,
  decideMove,
  decideWander,
  type ArenaState,
  type BotDecision,
  type InputBatcher,
  type BotView,
  type JoinOptions,
  type MoveInputPacket,
  type SeenPlayer,
  type WanderClock,
} from '@orb-arena/shared';

/**
 * The arena room as the SDK's `joinOrCreate<RoomType>()` types it: pass this as the type argument so
 * the room is typed without `any` (loadtest depends on shared only, not on the server's room class).
 */
export interface ArenaRoomShape {
  state: ArenaState;
  onJoin?: (client: unknown, options?: JoinOptions) => void;
}
export type ArenaRoom = Room<ArenaRoomShape, ArenaState>;

/** What one bot saw and did; the summary is built from these. */
export interface BotStats {
  name: string;
  /** Successful joins, the first one included (a rejoin after a lost seat adds one). */
  joins: number;
  /** Fresh joins after the room was lost for good (the SDK's own reconnects are not counted here). */
  rejoins: number;
  /** Times the socket dropped; the SDK then tries to reconnect to the same seat. */
  drops: number;
  /** Successful SDK reconnects to the same seat. */
  reconnects: number;
  /** Full states and patches decoded (onStateChange calls). */
  patches: number;
  /** Bytes received on the socket, all frames. */
  bytesReceived: number;
  /** Inputs handed to the socket (input.send() returned a seq). */
  inputsSent: number;
  /** The bot's own player was seen at two different positions. */
  moved: boolean;
  /** Highest own score seen (an owner-only field: proves the StateView tag reaches its owner). */
  maxScore: number;
  maxMass: number;
  /** Times another player ate this bot (ServerMessage.Eaten). */
  eaten: number;
  /** Round results received (ServerMessage.RoundResults). */
  results: number;
  /** Close codes of non-consented leaves. */
  leaveCodes: number[];
  /** Errors reported by the room or a failed rejoin, first few only. */
  errors: string[];
  /** Ticks spent in each intent. */
  intents: Record<BotIntent, number>;
  /** Time from the first join to the last input tick or stop(), ms. */
  activeMs: number;
}

/** One tick of a bot's steering from what it sees (decideMove and its kin in shared/bots/botBrain.ts). */
export type BotBrain = (view: BotView, clock: WanderClock) => BotDecision;

/**
 * The brains a benchmark's `--brain` picks from: `play` (decideMove: flees, chases, eats), `cruise`
 * (decideCruise: billiard paths, an even crowd), `wander` (decideWander: random waypoints, a crowd
 * that gathers in the middle).
 */
export const BOT_BRAINS = { play: decideMove, cruise: decideCruise, wander: decideWander } as const;

/** The brain `name` (a key of BOT_BRAINS); throws a usage error for any other name. */
export function botBrainNamed(name: string): BotBrain {
  if (!Object.hasOwn(BOT_BRAINS, name)) {
    throw new Error(`--brain must be one of ${Object.keys(BOT_BRAINS).join(', ')}, got "${name}"`);
  }
  return BOT_BRAINS[name as keyof typeof BOT_BRAINS];
}

export interface BotOptions {
  /** Nickname to show; also names the bot in the stats. */
  name: string;
  /** Seeds the bot's wandering so runs repeat. */
  seed: number;
  /** How it steers each tick. @default decideMove (plays: flees, chases, eats orbs, wanders) */
  brain?: BotBrain;
  /**
   * Takes a fresh seat after the room is lost for good (a non-consented leave the SDK could not
   * recover). Omit to stop the bot instead.
   */
  rejoin?: () => Promise<ArenaRoom>;
  /** Most fresh joins after lost seats. @default 5 */
  maxRejoins?: number;
  /** Called after every decoded patch with the own player, if in state (the benchmark times patches). */
  onPatch?: (own: { x: number; y: number; alive: boolean } | undefined) => void;
}

export interface BotHandle {
  readonly stats: BotStats;
  /** Stops sending and leaves the room (consented). Resolves once left, or after LEAVE_TIMEOUT_MS. */
  stop(): Promise<void>;
}

/** Longest wait for the server to confirm a consented leave, ms. */
const LEAVE_TIMEOUT_MS = 2000;
/** Wait before the n-th rejoin is n times this, ms: spreads a herd of bots that lost a room together. */
const REJOIN_BACKOFF_MS = 500;
/** Error messages kept per bot, so one broken bot can't fill memory. */
const MAX_ERRORS = 5;

export function createBotStats(name: string): BotStats {
  const intents = Object.fromEntries(Object.values(BotIntent).map((intent) => [intent, 0])) as Record<
    BotIntent,
    number
  >;
  return {
    name,
    joins: 0,
    rejoins: 0,
    drops: 0,
    reconnects: 0,
    patches: 0,
    bytesReceived: 0,
    inputsSent: 0,
    moved: false,
    maxScore: 0,
    maxMass: 0,
    eaten: 0,
    results: 0,
    leaveCodes: [],
    errors: [],
    intents,
    activeMs: 0,
  };
}

/**
 * Plays one bot in a joined arena room: every server tick (the rate the input handle advertises) it
 * decides with decideMove from its decoded state and records one input, sent in batches through
 * InputBatcher exactly as a player's client does. Counts what it sees in `stats`. The SDK reconnects dropped sockets on its
 * own; when a seat is lost for good it takes a new one through `options.rejoin`.
 */
export function runBot(room: ArenaRoom, options: BotOptions): BotHandle {
  const bot = new BotSession(options);
  bot.play(room);
  return bot;
}

/** One bot's loop over the seats it holds in turn (normally just the first). */
class BotSession implements BotHandle {
  readonly stats: BotStats;
  private current: ArenaRoom | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private tick = 0;
  private readonly startedAt = Date.now();

  constructor(private readonly options: BotOptions) {
    this.stats = createBotStats(options.name);
  }

  /** Starts playing in `room`: counts what arrives and sends one input per server tick. */
  play(room: ArenaRoom): void {
    const { stats } = this;
    this.current = room;
    stats.joins++;
    countBytes(room, stats);
    let start: { x: number; y: number } | undefined;
    room.onStateChange((state) => {
      stats.patches++;
      const self = state.players?.get(room.sessionId);
      this.options.onPatch?.(self);
      if (!self) return;
      start ??= { x: self.x, y: self.y };
      if (self.x !== start.x || self.y !== start.y) stats.moved = true;
      stats.maxScore = Math.max(stats.maxScore, self.score ?? 0);
      stats.maxMass = Math.max(stats.maxMass, self.mass);
    });
    room.onMessage(ServerMessage.Eaten, () => stats.eaten++);
    room.onMessage(ServerMessage.RoundResults, () => stats.results++);
    // Chat and the event feed are for people; a bot reads them like any other message and moves on.
    room.onMessage('*', () => undefined);
    room.onDrop(() => stats.drops++);
    const batcher = batchInputsTo(room);
    room.onReconnect(() => {
      stats.reconnects++;
      countBytes(room, stats);
      batcher.reset();
    });
    room.onError((code, message) => recordError(stats, `room error ${code}: ${message ?? ''}`));
    room.onLeave((code) => this.handleLeave(code));
    const stepMs = room.input<MoveInputPacket>().stepMs ?? 1000 / TICK_HZ;
    this.timer = setInterval(() => this.sendInput(room, batcher), stepMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.stats.activeMs = Date.now() - this.startedAt;
    const room = this.current;
    if (!room?.connection?.isOpen) return;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([room.leave(true), new Promise((resolve) => (timeout = setTimeout(resolve, LEAVE_TIMEOUT_MS)))]);
    clearTimeout(timeout);
  }

  private sendInput(room: ArenaRoom, batcher: InputBatcher): void {
    this.stats.activeMs = Date.now() - this.startedAt;
    const view = viewOf(room);
    if (!view) return;
    const decision = (this.options.brain ?? decideMove)(view, { seed: this.options.seed, tick: this.tick++ });
    this.stats.intents[decision.intent]++;
    if (!room.connection.isOpen) return;
    batcher.push(decision.input);
    this.stats.inputsSent++;
  }

  private handleLeave(code: number): void {
    clearInterval(this.timer);
    if (this.stopped || code === CloseCode.CONSENTED) return;
    this.stats.leaveCodes.push(code);
    void this.takeNewSeat();
  }

  /** Joins afresh after a lost seat, backing off, up to maxRejoins times in the bot's life. */
  private async takeNewSeat(): Promise<void> {
    const { rejoin, maxRejoins = 5 } = this.options;
    while (!this.stopped && rejoin && this.stats.rejoins < maxRejoins) {
      this.stats.rejoins++;
      await new Promise((resolve) => setTimeout(resolve, REJOIN_BACKOFF_MS * this.stats.rejoins));
      if (this.stopped) return;
      try {
        const room = await rejoin();
        if (this.stopped) return void room.leave(true);
        return this.play(room);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        recordError(this.stats, `rejoin ${this.stats.rejoins} failed: ${reason}`);
      }
    }
  }
}

/** The bot's view of its decoded state, or undefined before its own player has arrived. */
export function viewOf(room: ArenaRoom): BotView | undefined {
  const players = room.state?.players;
  const self = players?.get(room.sessionId);
  if (!players || !self) return undefined;
  const others: SeenPlayer[] = [];
  for (const [id, player] of players) if (id !== room.sessionId) others.push(player);
  return { self, players: others, orbs: room.state.orbs?.values() ?? [], arenaSize: room.state.arenaSize };
}

/** Adds every frame the room's current socket receives to `counter.bytesReceived`. */
export function countBytes(room: ArenaRoom, counter: { bytesReceived: number }): void {
  const ws = (room.connection?.transport as { ws?: WebSocketLike } | undefined)?.ws;
  ws?.addEventListener('message', (event) => {
    const data = event.data;
    counter.bytesReceived += typeof data === 'string' ? Buffer.byteLength(data) : (data.byteLength ?? 0);
  });
}

/** The part of a browser or `ws` WebSocket that countBytes uses. */
interface WebSocketLike {
  addEventListener(type: 'message', listener: (event: { data: string | { byteLength?: number } }) => void): void;
}

function recordError(stats: BotStats, message: string): void {
  if (stats.errors.length < MAX_ERRORS) stats.errors.push(message);
}
