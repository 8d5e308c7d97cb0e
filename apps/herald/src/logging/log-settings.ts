import type { LogLevel } from '@nestjs/common';
import { ConfigError } from '../config/herald.config';

export type LogFormat = 'text' | 'json';

export interface LogSettings {
  /** `json`: one JSON object a line; `text`: Nest's lines, coloured only on a terminal. */
  format: LogFormat;
  /** The least severe level written. */
  level: LogLevel;
}

/** Most to least severe: a level writes itself and everything before it. */
export const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** HERALD_LOG_FORMAT (text, json) and HERALD_LOG_LEVEL (fatal ... verbose). */
export function logSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LogSettings {
  const format = (env.HERALD_LOG_FORMAT || 'text').trim().toLowerCase();
  if (format !== 'text' && format !== 'json') {
    throw new ConfigError(`HERALD_LOG_FORMAT must be text or json, got "${env.HERALD_LOG_FORMAT}"`);
  }
  const level = (env.HERALD_LOG_LEVEL || 'log').trim().toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(level)) {
    throw new ConfigError(`HERALD_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.HERALD_LOG_LEVEL}"`);
  }
  return { format, level };
}

/** The levels Nest's loggers take for a least severe one. */
export function levelsFrom(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
