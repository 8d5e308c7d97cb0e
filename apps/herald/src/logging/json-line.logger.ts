import type { LoggerService, LogLevel } from '@nestjs/common';
import { levelsFrom } from './log-settings';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** A delivery id is `<event id>:<notification uuid>` (deliveryIdOf), written first in the engine's lines about one. */
const DELIVERY_ID = new RegExp(`(?:^|\\s)(\\S+):(${UUID})(?=\\s|:|$)`, 'i');
const NOTIFICATION = new RegExp(`\\b(${UUID})\\b`, 'i');

/** The ids a line is about, for operators to filter on: from fields given with it, or from the engine's wording. */
export function idsOf(message: string): Record<string, string> {
  const delivery = DELIVERY_ID.exec(message);
  if (delivery) {
    return { delivery_id: `${delivery[1]}:${delivery[2]}`, event_id: delivery[1], notification_uuid: delivery[2] };
  }
  const notification = NOTIFICATION.exec(message);
  return notification ? { notification_uuid: notification[1] } : {};
}

type Sink = (line: string, level: LogLevel) => void;

const defaultSink: Sink = (line, level) =>
  (level === 'error' || level === 'fatal' ? process.stderr : process.stdout).write(`${line}\n`);

/**
 * One JSON object a line: level, time, instance, context, msg and, where the line is about one, the delivery,
 * notification and event ids. A message given as an object contributes its fields (`{ msg, delivery_id, ... }`).
 */
export class JsonLineLogger implements LoggerService {
  private levels: Set<LogLevel>;

  constructor(
    private readonly instance: string,
    level: LogLevel,
    private readonly sink: Sink = defaultSink,
  ) {
    this.levels = new Set(levelsFrom(level));
  }

  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.levels.has(level)) return;
    // Nest passes (message, context) and, for errors, (message, stack, context).
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack = rest.find((r): r is string => typeof r === 'string' && r.includes('\n    at '));
    const fields: Record<string, unknown> =
      message instanceof Error
        ? { msg: message.message, stack: message.stack }
        : typeof message === 'object' && message !== null
          ? { ...(message as Record<string, unknown>) }
          : { msg: String(message) };
    const text = typeof fields.msg === 'string' ? fields.msg : '';
    const line = {
      level,
      time: new Date().toISOString(),
      instance: this.instance,
      pid: process.pid,
      ...(context ? { context } : {}),
      ...idsOf(text),
      ...fields,
      ...(stack ? { stack } : {}),
    };
    this.sink(JSON.stringify(line), level);
  }
}
