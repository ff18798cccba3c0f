import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Durations kept for the quantiles: the last 10 s at 30 Hz over up to ~60 rooms. */
const WINDOW = 20_000;

/** A ring of recent durations (ms) with quantiles over the window, plus lifetime count and sum. */
class DurationWindow {
  private readonly values = new Float64Array(WINDOW);
  private size = 0;
  private next = 0;
  count = 0;
  sum = 0;

  record(ms: number): void {
    this.values[this.next] = ms;
    this.next = (this.next + 1) % WINDOW;
    this.size = Math.min(this.size + 1, WINDOW);
    this.count++;
    this.sum += ms;
  }

  quantiles(qs: readonly number[]): number[] {
    const sorted = this.values.slice(0, this.size).sort();
    return qs.map((q) => (this.size === 0 ? 0 : sorted[Math.min(this.size - 1, Math.ceil(q * this.size) - 1)]!));
  }

  max(): number {
    let max = 0;
    for (let i = 0; i < this.size; i++) max = Math.max(max, this.values[i]!);
    return max;
  }

  reset(): void {
    this.size = 0;
    this.next = 0;
  }
}

/**
 * Process-wide game metrics, exposed in Prometheus text format at /metrics. Rooms record into it;
 * the benchmark and operators read it. Quantiles cover a sliding window (reset with resetWindow()).
 */
export class GameMetrics {
  readonly tick = new DurationWindow();
  readonly patch = new DurationWindow();
  tickOverruns = 0;
  inputsApplied = 0;
  messagesReceived = 0;
  bytesReceived = 0;
  rooms = 0;
  clients = 0;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  // --- Leaderboard submissions (issue 8) ---
  /** Submissions by outcome: stored, duplicate, retried (store down), dropped (queue full), failed. */
  readonly scoreSubmissions = { stored: 0, duplicate: 0, retried: 0, dropped: 0, failed: 0 };
  /** Submissions waiting for the store right now. */
  scoreQueue = 0;

  /** Counts one leaderboard submission event (see scoreSubmissions). */
  countScoreSubmission(outcome: keyof GameMetrics['scoreSubmissions']): void {
    this.scoreSubmissions[outcome]++;
  }

  constructor() {
    this.loopDelay.enable();
  }

  /** Records one simulation tick; over `budgetMs` counts as an overrun. */
  recordTick(ms: number, budgetMs: number): void {
    this.tick.record(ms);
    if (ms > budgetMs) this.tickOverruns++;
  }

  /** Starts a fresh window for the quantiles (counters keep counting). */
  resetWindow(): void {
    this.tick.reset();
    this.patch.reset();
    this.loopDelay.reset();
  }

  /** Renders every metric in Prometheus text exposition format. */
  render(): string {
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const lines = [
      ...renderSummary('orb_tick_duration_ms', 'Simulation tick duration (inputs, step, projection).', this.tick),
      ...renderSummary(
        'orb_patch_duration_ms',
        'Interest views update, encoding and sending, per room patch.',
        this.patch,
      ),
      ...renderMetric('counter', 'orb_tick_overruns_total', this.tickOverruns),
      ...renderMetric('counter', 'orb_messages_received_total', this.messagesReceived),
      ...renderMetric('counter', 'orb_received_bytes_total', this.bytesReceived),
      ...renderMetric('counter', 'orb_inputs_applied_total', this.inputsApplied),
      ...renderMetric('gauge', 'orb_event_loop_delay_ms{quantile="0.99"}', this.loopDelay.percentile(99) / 1e6),
      ...renderMetric('gauge', 'orb_rooms', this.rooms),
      ...renderMetric('gauge', 'orb_clients', this.clients),
      '# TYPE orb_score_submissions_total counter',
      ...Object.entries(this.scoreSubmissions).map(
        ([outcome, count]) => `orb_score_submissions_total{outcome="${outcome}"} ${count}`,
      ),
      ...renderMetric('gauge', 'orb_score_queue', this.scoreQueue),
      ...renderMetric('gauge', 'process_resident_memory_bytes', memory.rss),
      ...renderMetric('gauge', 'nodejs_heap_used_bytes', memory.heapUsed),
      ...renderMetric('gauge', 'nodejs_external_memory_bytes', memory.external + memory.arrayBuffers),
      ...renderMetric('counter', 'process_cpu_seconds_total', (cpu.user + cpu.system) / 1e6),
    ];
    return `${lines.join('\n')}\n`;
  }
}

/** One counter or gauge sample with its TYPE line; `series` may carry labels. */
function renderMetric(type: 'counter' | 'gauge', series: string, value: number): string[] {
  return [`# TYPE ${series.replace(/\{.*$/, '')} ${type}`, `${series} ${value}`];
}

/** A Prometheus summary of a duration window: p50, p99, max (as quantile 1), sum and count. */
function renderSummary(name: string, help: string, window: DurationWindow): string[] {
  const [p50, p99] = window.quantiles([0.5, 0.99]);
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} summary`,
    `${name}{quantile="0.5"} ${p50}`,
    `${name}{quantile="0.99"} ${p99}`,
    `${name}{quantile="1"} ${window.max()}`,
    `${name}_sum ${window.sum}`,
    `${name}_count ${window.count}`,
  ];
}

/** The process's metrics (one server per process). */
export const metrics = new GameMetrics();
