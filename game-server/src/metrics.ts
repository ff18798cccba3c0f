import { hostname } from 'node:os';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/*
 * Process metrics for Prometheus, with prom-client: Node's default process metrics (CPU, memory,
 * event-loop lag, GC, handles) plus the game's own. Every series carries a `process` label (the
 * public address, or host:port), and durations are histograms, not summaries, so a scrape of N
 * processes sums and aggregates correctly (`sum by (le) (rate(orb_tick_duration_seconds_bucket[1m]))`).
 *
 * Other modules record through the small methods below (countDrop, countRejected, ...); add a new
 * count as a field plus a one-line method in the block at the end.
 */

/** Tick durations in seconds: fine below the 33 ms budget at 30 Hz, coarse above it. */
const TICK_BUCKETS = [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.0333, 0.05, 0.1, 0.25];
/** Per-room patch durations in seconds (view updates, encoding and sending). */
const PATCH_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064];
/** Around the patch period (1 / PATCH_HZ = 50 ms) and up to where a player sees the world stutter. */
const PATCH_INTERVAL_BUCKETS = [0.04, 0.045, 0.05, 0.055, 0.06, 0.07, 0.08, 0.09, 0.1, 0.125, 0.15, 0.2, 0.3, 0.5];

/** Outbound frame kinds of orb_sent_bytes_total, in the order of GameMetrics' pending byte counts. */
export const SENT_KINDS = ['patch', 'state', 'other'] as const;
export type SentKind = (typeof SENT_KINDS)[number];

/**
 * A label-less Histogram whose record() allocates nothing. prom-client's observe() builds several
 * objects per call, and ticks and patches are recorded hundreds of times a second; here counts gather
 * in typed arrays and are written into prom-client's own series when it is read (a scrape).
 */
class FlatHistogram extends Histogram {
  private bounds: Float64Array | undefined;
  /** Observations per bucket: counts[i] for bound i (value <= bound), the last for above every bound. */
  private counts: Float64Array | undefined;
  private sum = 0;
  private count = 0;

  constructor(config: { name: string; help: string; buckets: number[]; registers: Registry[] }) {
    super({
      ...config,
      // Called by prom-client with the metric as `this`, right before it reads its series.
      collect(this: Histogram) {
        (this as FlatHistogram).publish();
      },
    });
    this.bounds = Float64Array.from(config.buckets);
    this.counts = new Float64Array(config.buckets.length + 1);
  }

  record(value: number): void {
    const bounds = this.bounds!;
    let bucket = 0;
    while (bucket < bounds.length && value > bounds[bucket]!) bucket++;
    this.counts![bucket]!++;
    this.sum += value;
    this.count++;
  }

  /** Writes the series prom-client's observe() would have built: non-cumulative counts by upper bound. */
  private publish(): void {
    const bucketValues: Record<string, number> = {};
    this.bounds!.forEach((bound, i) => (bucketValues[bound] = this.counts![i]!));
    const series = (this as unknown as { hashMap: Record<string, unknown> }).hashMap;
    if (this.count > 0) series[''] = { labels: {}, bucketValues, sum: this.sum, count: this.count };
  }

  override reset(): void {
    super.reset();
    // Also called by the parent constructor, before the arrays exist.
    this.counts?.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

/** What happened to a score submission: stored, a duplicate, retried (store down), dropped (queue full), failed. */
export type StoreSubmissionOutcome = 'stored' | 'duplicate' | 'retried' | 'dropped' | 'failed';

/** Why a client was dropped, as a label value. Free-form strings are accepted; keep the set small. */
export type DropReason = 'flood' | 'invalid' | 'protocol' | 'timeout' | 'drain' | 'limit' | (string & {});

/**
 * The game's metrics. One per process (the exported `metrics`); `registry` holds them all and renders
 * the Prometheus text for GET /metrics.
 */
export class GameMetrics {
  readonly registry = new Registry();

  readonly rooms = new Gauge({ name: 'orb_rooms', help: 'Rooms open in this process.', registers: [this.registry] });
  readonly players = new Gauge({
    name: 'orb_players',
    help: 'Players seated in this process (including those reconnecting).',
    registers: [this.registry],
  });
  readonly spectators = new Gauge({
    name: 'orb_spectators',
    help: 'Spectators watching rooms of this process.',
    registers: [this.registry],
  });
  // Counted per tick, per patch and per socket message: gathered in plain numbers (no allocation)
  // and added to their counters when they are read (see flushCounts).
  private pendingInputs = 0;
  private pendingOverruns = 0;
  private pendingMessages = 0;
  private pendingBytesReceived = 0;
  private readonly pendingSent = new Float64Array(SENT_KINDS.length);

  readonly tickDuration = new FlatHistogram({
    name: 'orb_tick_duration_seconds',
    help: 'Simulation tick duration (inputs, step, projection), per room tick.',
    buckets: TICK_BUCKETS,
    registers: [this.registry],
  });
  readonly patchDuration = new FlatHistogram({
    name: 'orb_patch_duration_seconds',
    help: 'Interest views update, encoding and sending, per room patch.',
    buckets: PATCH_BUCKETS,
    registers: [this.registry],
  });
  readonly patchInterval = new FlatHistogram({
    name: 'orb_patch_interval_seconds',
    help: 'Time from one patch of a room to its next, on the server clock (late timers show here first).',
    buckets: PATCH_INTERVAL_BUCKETS,
    registers: [this.registry],
  });
  readonly tickOverruns = new Counter({
    name: 'orb_tick_overruns_total',
    help: 'Ticks that took longer than their budget (1 / TICK_HZ).',
    registers: [this.registry],
    collect: () => this.flushCounts(),
  });
  readonly sentBytes = new Counter({
    name: 'orb_sent_bytes_total',
    help: 'Bytes written to client sockets, by kind (patch = state patches, state = full states, other).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
    collect: () => this.flushCounts(),
  });
  readonly messagesReceived = new Counter({
    name: 'orb_messages_received_total',
    help: 'WebSocket messages received from clients.',
    registers: [this.registry],
    collect: () => this.flushCounts(),
  });
  readonly bytesReceived = new Counter({
    name: 'orb_received_bytes_total',
    help: 'Bytes received from clients over WebSocket.',
    registers: [this.registry],
    collect: () => this.flushCounts(),
  });
  readonly inputsApplied = new Counter({
    name: 'orb_inputs_applied_total',
    help: 'Movement inputs applied by the simulation.',
    registers: [this.registry],
    collect: () => this.flushCounts(),
  });
  readonly messagesRejected = new Counter({
    name: 'orb_messages_rejected_total',
    help: 'Client messages refused, by message type and reason.',
    labelNames: ['type', 'reason'] as const,
    registers: [this.registry],
  });
  readonly clientsDropped = new Counter({
    name: 'orb_clients_dropped_total',
    help: 'Clients the server disconnected, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly kicks = new Counter({
    name: 'orb_kicks_total',
    help: 'Clients dropped by the wire guard or a security limit, by reason (docs/security.md).',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly refusals = new Counter({
    name: 'orb_refusals_total',
    help: 'Requests, upgrades and joins refused by a security limit, by limit (docs/security.md).',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  readonly reconnections = new Counter({
    name: 'orb_reconnections_total',
    help: 'Dropped clients that reconnected to their seat.',
    registers: [this.registry],
  });
  readonly storeSubmissions = new Counter({
    name: 'orb_store_submissions_total',
    help: 'Score submissions to the leaderboard store, by outcome: stored, duplicate, retried (store down), dropped (queue full), failed.',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly storeQueue = new Gauge({
    name: 'orb_store_queue',
    help: 'Score submissions waiting for the leaderboard store (queued or on their way).',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 });
    this.setProcessLabel(`${hostname()}:${process.pid}`);
  }

  /** Sets the `process` label every series carries (the public address, or host:port). */
  setProcessLabel(value: string): void {
    this.registry.setDefaultLabels({ process: value });
  }

  /** Records one simulation tick (ms); over `budgetMs` counts as an overrun. */
  recordTick(ms: number, budgetMs: number): void {
    this.tickDuration.record(ms / 1000);
    if (ms > budgetMs) this.pendingOverruns++;
  }

  /** Records one room patch (ms) and, when the room sent one before, the time since it (ms). */
  recordPatch(ms: number, sincePreviousMs?: number): void {
    this.patchDuration.record(ms / 1000);
    if (sincePreviousMs !== undefined) this.patchInterval.record(sincePreviousMs / 1000);
  }

  /** Movement inputs one tick applied. */
  countInputsApplied(count: number): void {
    this.pendingInputs += count;
  }

  /** One WebSocket message received from a client, of `bytes`. */
  countReceived(bytes: number): void {
    this.pendingMessages++;
    this.pendingBytesReceived += bytes;
  }

  /** One frame written to a client socket (SENT_KINDS index `kind`), of `bytes`. */
  countSent(kind: number, bytes: number): void {
    this.pendingSent[kind]! += bytes;
  }

  /** Adds the counts gathered since the last read to their counters (each counter's collect hook). */
  private flushCounts(): void {
    if (this.pendingInputs > 0) this.inputsApplied.inc(this.pendingInputs);
    if (this.pendingOverruns > 0) this.tickOverruns.inc(this.pendingOverruns);
    if (this.pendingMessages > 0) this.messagesReceived.inc(this.pendingMessages);
    if (this.pendingBytesReceived > 0) this.bytesReceived.inc(this.pendingBytesReceived);
    for (let kind = 0; kind < SENT_KINDS.length; kind++) {
      // Every kind is written, 0 included, so each series exists from the first scrape.
      this.sentBytes.inc({ kind: SENT_KINDS[kind] }, this.pendingSent[kind]);
      this.pendingSent[kind] = 0;
    }
    this.pendingInputs = 0;
    this.pendingOverruns = 0;
    this.pendingMessages = 0;
    this.pendingBytesReceived = 0;
  }

  /** Renders every metric in Prometheus text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The Content-Type of render()'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Zeroes the game's histograms (the benchmark's measuring window). Counters keep counting. */
  resetWindow(): void {
    this.tickDuration.reset();
    this.patchDuration.reset();
    this.patchInterval.reset();
  }

  // --- counts other modules record (one line each; add yours here) ---

  /** A client the server disconnected, and why (flood, invalid, protocol, timeout, drain, ...). */
  countDrop(reason: DropReason): void {
    this.clientsDropped.inc({ reason });
  }

  /** A client message refused: its type (or "unknown") and why. */
  countRejected(type: string, reason: string): void {
    this.messagesRejected.inc({ type, reason });
  }

  /** One score submission event (see StoreSubmissionOutcome). */
  countStoreSubmission(outcome: StoreSubmissionOutcome): void {
    this.storeSubmissions.inc({ outcome });
  }

  /** Submissions that ended with `outcome` so far in this process. */
  async storeSubmissionCount(outcome: StoreSubmissionOutcome): Promise<number> {
    const { values } = await this.storeSubmissions.get();
    return values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  }

  /** A client dropped by the wire guard or a limit (a FrameRefusal, a budget, join-timeout, ...). */
  countKick(reason: string): void {
    this.kicks.inc({ reason });
  }

  /** A request, upgrade or join refused by a security limit. */
  countRefusal(limit: string): void {
    this.refusals.inc({ limit });
  }

  /** A dropped client came back to its seat. */
  countReconnection(): void {
    this.reconnections.inc();
  }

  /** Inputs a spectator sent: refused, a spectator has no orb (issue 9). */
  countSpectatorInputs(count: number): void {
    this.messagesRejected.inc({ type: 'input', reason: 'spectator' }, count);
  }
}

/** The process's metrics (one server per process; tests that start several servers share it). */
export const metrics = new GameMetrics();
