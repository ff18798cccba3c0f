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
  readonly tickDuration = new Histogram({
    name: 'orb_tick_duration_seconds',
    help: 'Simulation tick duration (inputs, step, projection), per room tick.',
    buckets: TICK_BUCKETS,
    registers: [this.registry],
  });
  readonly patchDuration = new Histogram({
    name: 'orb_patch_duration_seconds',
    help: 'Interest views update, encoding and sending, per room patch.',
    buckets: PATCH_BUCKETS,
    registers: [this.registry],
  });
  readonly tickOverruns = new Counter({
    name: 'orb_tick_overruns_total',
    help: 'Ticks that took longer than their budget (1 / TICK_HZ).',
    registers: [this.registry],
  });
  readonly sentBytes = new Counter({
    name: 'orb_sent_bytes_total',
    help: 'Bytes written to client sockets, by kind (patch = state patches, state = full states, other).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly messagesReceived = new Counter({
    name: 'orb_messages_received_total',
    help: 'WebSocket messages received from clients.',
    registers: [this.registry],
  });
  readonly bytesReceived = new Counter({
    name: 'orb_received_bytes_total',
    help: 'Bytes received from clients over WebSocket.',
    registers: [this.registry],
  });
  readonly inputsApplied = new Counter({
    name: 'orb_inputs_applied_total',
    help: 'Movement inputs applied by the simulation.',
    registers: [this.registry],
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
    this.tickDuration.observe(ms / 1000);
    if (ms > budgetMs) this.tickOverruns.inc();
  }

  /** Records one room patch (ms). */
  recordPatch(ms: number): void {
    this.patchDuration.observe(ms / 1000);
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
