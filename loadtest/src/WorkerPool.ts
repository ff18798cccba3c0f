/**
 * The bench's load generator as several worker processes, each pinned to its own core: one process
 * cannot drive thousands of clients. A step's target is split across the workers and their replies are
 * merged into one, as if one worker had answered (counts summed, samples pooled, the worst delay kept).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import type { GrowReply, WorkerCommand, WorkerReport } from './benchWorker.ts';

/** A child process with a request/response channel over IPC (one request at a time). */
export class IpcChild<Request> {
  constructor(readonly child: ChildProcess) {}

  /** Forks an entry (TypeScript under tsx, or a prebuilt .mjs as is), pinned to `cpus` when given. */
  static fork<Request>(entry: string, options: { cwd: string; cpus?: string; args?: string[] }): IpcChild<Request> {
    const child = fork(entry, options.args ?? [], {
      cwd: options.cwd,
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    if (child.pid && options.cpus)
      execFileSync('taskset', ['-pc', options.cpus, String(child.pid)], { stdio: 'ignore' });
    return new IpcChild<Request>(child);
  }

  /** The next message the child sends. */
  next<T>(): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench child exited (${code}) before answering`));
      this.child.once('exit', onExit);
      this.child.once('message', (message) => {
        this.child.off('exit', onExit);
        resolve(message as T);
      });
    });
  }

  request<T>(request: Request): Promise<T> {
    const answer = this.next<T>();
    this.child.send(request as object);
    return answer;
  }

  stop(stopRequest: Request): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.send(stopRequest as object);
      setTimeout(() => this.child.kill('SIGKILL'), 15_000).unref();
    });
  }
}

/** A merged report: one worker's shape, plus the busiest worker's CPU (the one that saturates first). */
export interface PoolReport extends WorkerReport {
  /** CPU of the busiest worker in the window, percent of one core. */
  maxWorkerCpuPercent: number;
}

/** `1-3,5` → [1, 2, 3, 5]: the cores of a taskset-style list. */
export function parseCpuList(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    const first = Number(range?.[1]);
    const last = Number(range?.[2] ?? first);
    if (!range || last < first) throw new Error(`--cpus: expected a core list like 1-15 or 1,2,5, got "${text}"`);
    return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
  });
}

/**
 * What each of `workers` pins to, from the bots' core list: one worker keeps the whole list as given
 * (the two-core default, `1`, unchanged); several take one core each, in turn.
 */
export function workerCpus(list: string, workers: number): string[] {
  if (workers <= 1 || list === '') return [list];
  const cores = parseCpuList(list);
  return Array.from({ length: workers }, (_, index) => String(cores[index % cores.length]));
}

/** Worker `index`'s share of `total` clients (or join lanes): the shares differ by one at most and sum to it. */
export function shareOf(total: number, index: number, workers: number): number {
  return Math.floor((total * (index + 1)) / workers) - Math.floor((total * index) / workers);
}

/** One grow reply from every worker's. */
export function mergeGrowReplies(replies: readonly GrowReply[]): GrowReply {
  return {
    type: 'grown',
    connected: replies.reduce((sum, reply) => sum + reply.connected, 0),
    failed: replies.reduce((sum, reply) => sum + reply.failed, 0),
    joinMs: replies.flatMap((reply) => reply.joinMs),
    errors: replies.flatMap((reply) => reply.errors).slice(0, 5),
  };
}

/**
 * One report from every worker's window: counts and CPU summed, patch gaps pooled (for one p99 over
 * every client), the window the longest, the event-loop delay the worst. An optional figure that a
 * worker (a baseline's) does not report stays absent.
 */
export function mergeReports(reports: readonly WorkerReport[]): PoolReport {
  const sum = (read: (report: WorkerReport) => number) => reports.reduce((total, report) => total + read(report), 0);
  const optional = (read: (report: WorkerReport) => number | undefined, combine: (values: number[]) => number) => {
    const values = reports.map(read);
    return values.every((value) => value !== undefined) ? combine(values) : undefined;
  };
  return {
    type: 'report',
    connected: sum((report) => report.connected),
    seconds: Math.max(...reports.map((report) => report.seconds)),
    cpuPercent: sum((report) => report.cpuPercent),
    maxWorkerCpuPercent: Math.max(...reports.map((report) => report.cpuPercent)),
    bytesReceived: sum((report) => report.bytesReceived),
    patches: sum((report) => report.patches),
    inputsSent: sum((report) => report.inputsSent),
    patchGapsMs: reports.flatMap((report) => report.patchGapsMs),
    decodeErrors: sum((report) => report.decodeErrors),
    messagesReceived: optional(
      (report) => report.messagesReceived,
      (values) => values.reduce((a, b) => a + b, 0),
    ),
    eventLoopDelayP99Ms: optional(
      (report) => report.eventLoopDelayP99Ms,
      (values) => Math.max(...values),
    ),
  };
}

/** Bench workers of one checkout, each pinned to its own core, answering as one. */
export class WorkerPool {
  private constructor(private readonly workers: IpcChild<WorkerCommand>[]) {}

  /**
   * Forks `count` workers of `entry` (run in `cwd`, where its node_modules resolve), pinned by
   * workerCpus(`cpus`, `count`).
   */
  static start(options: { entry: string; cwd: string; cpus: string; count: number }): WorkerPool {
    const pins = workerCpus(options.cpus, options.count);
    const workers = Array.from({ length: Math.max(1, options.count) }, (_, index) =>
      IpcChild.fork<WorkerCommand>(options.entry, { cwd: options.cwd, cpus: pins[index] || undefined }),
    );
    return new WorkerPool(workers);
  }

  /** Grows to `target` clients in all, each worker to its share, with the join lanes shared out too. */
  async grow(command: Extract<WorkerCommand, { type: 'grow' | 'growBare' }>): Promise<GrowReply> {
    const count = this.workers.length;
    const replies = await Promise.all(
      this.workers.map((worker, index) =>
        worker.request<GrowReply>({
          ...command,
          target: shareOf(command.target, index, count),
          concurrency: Math.max(1, Math.ceil(command.concurrency / count)),
        }),
      ),
    );
    return mergeGrowReplies(replies);
  }

  async reset(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.request({ type: 'reset' })));
  }

  async report(): Promise<PoolReport> {
    return mergeReports(
      await Promise.all(this.workers.map((worker) => worker.request<WorkerReport>({ type: 'report' }))),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop({ type: 'stop' })));
  }
}
