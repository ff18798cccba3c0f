import { createRequire } from 'node:module';
import { format } from 'node:util';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/*
 * Structured logs: one JSON object a line (pino), with `roomId` and `sessionId` fields wherever a room
 * or a player is concerned, pretty-printed in development. Colyseus's own logger is routed into the
 * same stream (see colyseusLogger), so every line of the process has one shape.
 */

/** How the process logs. */
export interface LogOptions {
  /** pino level name. @default 'info' */
  level: string;
  /** Human-readable lines (pino-pretty, a dev dependency) instead of JSON. @default false */
  pretty: boolean;
}

/** The process logger. configureLogger() replaces its level and format at start-up. */
export let log: PinoLogger = pino({ level: process.env.VITEST ? 'warn' : 'info', base: { pid: process.pid } });

/**
 * Sets the process logger's level and format (call once at start-up, before the server is built).
 * Pretty output loads pino-pretty, a dev dependency: without it, logs stay JSON.
 */
export function configureLogger(options: LogOptions): PinoLogger {
  log = pino({ level: options.level, base: { pid: process.pid } }, options.pretty ? prettyStream() : undefined);
  return log;
}

function prettyStream(): DestinationStream | undefined {
  try {
    // Synchronous, in-thread (no worker transport), so lines are never lost when the process exits.
    const require = createRequire(import.meta.url);
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' });
  } catch {
    return undefined;
  }
}

/** A logger for one room: every line carries `roomId` (and `room`, the room type). */
export function roomLogger(roomName: string, roomId: string): PinoLogger {
  return log.child({ room: roomName, roomId });
}

/** The Logger shape Colyseus calls (`logger.info(...args)` and friends). */
export interface ColyseusLogger {
  debug(...args: unknown[]): void;
  error(...args: unknown[]): void;
  info(...args: unknown[]): void;
  trace(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}

/**
 * Routes Colyseus's console-style calls (`logger.error("text", error)`) into pino: the arguments
 * become the message as console would print them, and an Error among them becomes the `err` field
 * (with its stack). Pass it as `logger` in defineServer's options (it calls setLogger).
 */
export function colyseusLogger(): ColyseusLogger {
  const forward =
    (level: 'debug' | 'error' | 'info' | 'trace' | 'warn') =>
    (...args: unknown[]) => {
      const target = log.child({ source: 'colyseus' });
      if (!target.isLevelEnabled(level)) return;
      const err = args.find((arg): arg is Error => arg instanceof Error);
      const text = format(...args.filter((arg) => arg !== err));
      if (err) target[level]({ err }, text || err.message);
      else target[level](text);
    };
  return {
    debug: forward('debug'),
    error: forward('error'),
    info: forward('info'),
    trace: forward('trace'),
    warn: forward('warn'),
  };
}
