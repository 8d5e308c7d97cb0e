import { ConsoleLogger, LoggerService } from '@nestjs/common';
import { JsonLineLogger } from './json-line.logger';
import { levelsFrom, LogSettings } from './log-settings';

/**
 * Herald's logger: JSON lines, or Nest's text lines with colour codes only when stdout is a terminal (a file or a pipe
 * gets none).
 */
export function createHeraldLogger(
  settings: LogSettings,
  instance: string,
  isTty = !!process.stdout.isTTY,
): LoggerService {
  if (settings.format === 'json') return new JsonLineLogger(instance, settings.level);
  return new ConsoleLogger({ prefix: 'Herald', colors: isTty, logLevels: levelsFrom(settings.level) });
}
