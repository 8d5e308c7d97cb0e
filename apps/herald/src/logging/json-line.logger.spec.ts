import { ConsoleLogger } from '@nestjs/common';
import { createHeraldLogger } from './herald.logger';
import { idsOf, JsonLineLogger } from './json-line.logger';
import { logSettingsFromEnv } from './log-settings';

const UUID = '0f8b9c1e-1d2a-4c3b-9e8f-7a6b5c4d3e2f';

describe('JsonLineLogger', () => {
  function capture(level: 'log' | 'warn' = 'log') {
    const lines: Record<string, unknown>[] = [];
    const logger = new JsonLineLogger('herald-a', level, (line) =>
      lines.push(JSON.parse(line) as Record<string, unknown>),
    );
    return { logger, lines };
  }

  it('writes level, time, instance, context and the ids a line is about', () => {
    const { logger, lines } = capture();
    logger.warn(`push-42:${UUID} attempt 1 failed (http 500); next at 2024-01-01T00:00:00.000Z`, 'Action:webhook');
    expect(lines[0]).toMatchObject({
      level: 'warn',
      instance: 'herald-a',
      context: 'Action:webhook',
      delivery_id: `push-42:${UUID}`,
      event_id: 'push-42',
      notification_uuid: UUID,
      msg: expect.stringContaining('attempt 1 failed') as unknown,
    });
    expect(Date.parse(lines[0].time as string)).not.toBeNaN();
  });

  it('takes fields from an object message, a stack from an error, and honours the level', () => {
    const { logger, lines } = capture('warn');
    logger.log('dropped: below warn');
    logger.warn({ msg: 'disabled', notification_uuid: UUID }, 'FailurePolicy');
    const err = new Error('boom');
    logger.error('handler failed', err.stack, 'EventDispatcher');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ msg: 'disabled', notification_uuid: UUID, context: 'FailurePolicy' });
    expect(lines[1]).toMatchObject({ level: 'error', context: 'EventDispatcher' });
    expect(lines[1].stack).toContain('boom');
  });

  it('finds a notification uuid alone, and nothing in a line about no delivery', () => {
    expect(idsOf(`notification ${UUID} disabled`)).toEqual({ notification_uuid: UUID });
    expect(idsOf('listening on http://127.0.0.1:8080')).toEqual({});
  });
});

describe('log settings', () => {
  it('default to coloured-only-on-a-terminal text, and refuse unknown values naming the variable', () => {
    expect(logSettingsFromEnv({})).toEqual({ format: 'text', level: 'log' });
    expect(logSettingsFromEnv({ HERALD_LOG_FORMAT: 'JSON', HERALD_LOG_LEVEL: 'debug' })).toEqual({
      format: 'json',
      level: 'debug',
    });
    expect(() => logSettingsFromEnv({ HERALD_LOG_FORMAT: 'xml' })).toThrow(/HERALD_LOG_FORMAT/);
    expect(() => logSettingsFromEnv({ HERALD_LOG_LEVEL: 'loud' })).toThrow(/HERALD_LOG_LEVEL/);
  });

  it('give text without colour codes off a terminal', () => {
    const text = createHeraldLogger({ format: 'text', level: 'log' }, 'i', false) as ConsoleLogger;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      text.log('plain', 'Ctx');
      const out = write.mock.calls.map((c) => String(c[0])).join('');
      expect(out).toContain('plain');
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/\u001b\[/);
    } finally {
      write.mockRestore();
    }
    expect(createHeraldLogger({ format: 'json', level: 'log' }, 'i')).toBeInstanceOf(JsonLineLogger);
  });
});
