import { type BotIntent } from '@orb-arena/shared';
import { type BotStats } from './botRunner.ts';

/** Figures for one load-test run, as written to `--summary` (JSON) and printed at exit. */
export interface LoadSummary {
  /** Bots asked for (--numClients). */
  requested: number;
  /** Bots that joined at least once. */
  joined: number;
  /** First joins that threw (the bot never played). */
  failedJoins: number;
  /** Length of the run from start to stop, seconds. */
  seconds: number;
  joins: number;
  rejoins: number;
  drops: number;
  reconnects: number;
  /** States and patches decoded per bot. */
  patches: { total: number; min: number; mean: number; max: number };
  /** Mean over bots of bytes received per second of the bot's own play time. */
  bytesPerClientPerSecond: number;
  bytesReceived: number;
  inputsSent: number;
  /** Mean over bots of inputs sent per second of play. */
  inputsPerClientPerSecond: number;
  /** Bots whose own player was seen at two positions. */
  moved: number;
  /** Bots that saw their own score above zero. */
  scored: number;
  maxScore: number;
  maxMass: number;
  /** Times bots were eaten by other players. */
  eaten: number;
  /** Warnings and errors the schema decoder logged (0 in a healthy run). */
  decodeErrors: number;
  /** First few error messages from all bots. */
  errors: string[];
  /** Ticks spent in each intent, all bots. */
  intents: Partial<Record<BotIntent, number>>;
  perBot: BotStats[];
}

/** What the summary needs besides the bots' own stats. */
export interface RunFacts {
  requested: number;
  failedJoins: number;
  seconds: number;
  decodeErrors: number;
}

/** Error messages kept in the summary. */
const MAX_SUMMARY_ERRORS = 10;

/** Folds the bots' stats into one summary. Pure. */
export function summarizeBots(stats: readonly BotStats[], facts: RunFacts): LoadSummary {
  const patches = stats.map((bot) => bot.patches);
  const perSecond = (read: (bot: BotStats) => number) =>
    mean(stats.map((bot) => (bot.activeMs > 0 ? read(bot) / (bot.activeMs / 1000) : 0)));
  const intents: Partial<Record<BotIntent, number>> = {};
  for (const bot of stats) {
    for (const [intent, ticks] of Object.entries(bot.intents) as [BotIntent, number][]) {
      intents[intent] = (intents[intent] ?? 0) + ticks;
    }
  }
  return {
    requested: facts.requested,
    joined: stats.filter((bot) => bot.joins > 0).length,
    failedJoins: facts.failedJoins,
    seconds: facts.seconds,
    joins: sum(stats.map((bot) => bot.joins)),
    rejoins: sum(stats.map((bot) => bot.rejoins)),
    drops: sum(stats.map((bot) => bot.drops)),
    reconnects: sum(stats.map((bot) => bot.reconnects)),
    patches: {
      total: sum(patches),
      min: patches.length > 0 ? Math.min(...patches) : 0,
      mean: mean(patches),
      max: Math.max(0, ...patches),
    },
    bytesPerClientPerSecond: Math.round(perSecond((bot) => bot.bytesReceived)),
    bytesReceived: sum(stats.map((bot) => bot.bytesReceived)),
    inputsSent: sum(stats.map((bot) => bot.inputsSent)),
    inputsPerClientPerSecond: round1(perSecond((bot) => bot.inputsSent)),
    moved: stats.filter((bot) => bot.moved).length,
    scored: stats.filter((bot) => bot.maxScore > 0).length,
    maxScore: Math.max(0, ...stats.map((bot) => bot.maxScore)),
    maxMass: Math.max(0, ...stats.map((bot) => bot.maxMass)),
    eaten: sum(stats.map((bot) => bot.eaten)),
    decodeErrors: facts.decodeErrors,
    errors: stats.flatMap((bot) => bot.errors.map((error) => `${bot.name}: ${error}`)).slice(0, MAX_SUMMARY_ERRORS),
    intents,
    perBot: [...stats],
  };
}

/** The summary as a few human-readable lines (perBot left out). */
export function formatSummary(summary: LoadSummary): string {
  const { patches } = summary;
  const notStarted = Math.max(0, summary.requested - summary.joined - summary.failedJoins);
  const lines = [
    `Orb Arena load test: ${summary.joined}/${summary.requested} bots joined, ${summary.failedJoins} failed, ${notStarted} not started in time, ${summary.seconds.toFixed(1)} s`,
    `  joins ${summary.joins} (rejoins ${summary.rejoins}), drops ${summary.drops}, reconnects ${summary.reconnects}`,
    `  patches per bot: min ${patches.min}, mean ${round1(patches.mean)}, max ${patches.max} (total ${patches.total})`,
    `  received per bot: ${summary.bytesPerClientPerSecond} B/s (total ${summary.bytesReceived} B)`,
    `  inputs sent: ${summary.inputsSent} (${summary.inputsPerClientPerSecond} per bot per second)`,
    `  moved ${summary.moved}, scored ${summary.scored}, best score ${summary.maxScore}, biggest mass ${summary.maxMass}, eaten ${summary.eaten}`,
    `  intents: ${JSON.stringify(summary.intents)}`,
    `  decode errors: ${summary.decodeErrors}`,
    ...summary.errors.map((error) => `  error: ${error}`),
  ];
  return `${lines.join('\n')}\n`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
