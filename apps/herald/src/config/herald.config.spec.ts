import * as path from 'node:path';
import { authSettingsFromEnv } from '@herald/auth';
import { DEFAULT_CORE_SETTINGS } from '@herald/core';
import { ConfigError, DEFAULT_PLUGINS, loadConfig, parseDurations } from './herald.config';

const CWD = path.resolve('/srv/herald');

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseDurations', () => {
  it('reads a schedule with units into milliseconds', () => {
    expect(parseDurations('X', '0,5s,5m,30m,2h')).toEqual([0, 5_000, 300_000, 1_800_000, 7_200_000]);
  });

  it('reads ms, and a bare number as milliseconds', () => {
    expect(parseDurations('X', '500ms')).toEqual([500]);
    expect(parseDurations('X', '250')).toEqual([250]);
  });

  it('accepts decimals and rounds to whole milliseconds', () => {
    expect(parseDurations('X', '1.5s,0.5m,0.25h')).toEqual([1_500, 30_000, 900_000]);
    expect(parseDurations('X', '1.4ms')).toEqual([1]);
  });

  it('ignores spaces and empty entries', () => {
    expect(parseDurations('X', ' 1s , ,2s,')).toEqual([1_000, 2_000]);
  });

  it('refuses an empty schedule, which would silently mean no retries', () => {
    expect(configError(() => parseDurations('HERALD_RETRY_SCHEDULE', ' , ')).message).toMatch(
      /HERALD_RETRY_SCHEDULE is empty/,
    );
  });

  it.each(['5d', '5 s', '-5s', 's', '1e3', 'five', '5S', '.5s'])('rejects %p naming the variable', (part) => {
    const err = configError(() => parseDurations('HERALD_RETRY_SCHEDULE', `1s,${part}`));
    expect(err.message).toBe(`HERALD_RETRY_SCHEDULE: "${part.trim()}" is not a duration such as 500ms, 5s, 5m or 2h`);
  });
});

describe('loadConfig', () => {
  it('gives the defaults for an empty environment', () => {
    expect(loadConfig({}, CWD)).toEqual({
      natsUrl: undefined,
      mongoUri: undefined,
      mongoDbName: 'herald',
      httpHost: '0.0.0.0',
      httpPort: 8080,
      instanceName: `herald-${process.pid}`,
      plugins: DEFAULT_PLUGINS,
      pluginsStrict: false,
      dataDir: path.join(CWD, '.herald'),
      streamReplicas: 1,
      core: DEFAULT_CORE_SETTINGS,
      auth: authSettingsFromEnv({}),
      api: { maxBodyBytes: 1024 * 1024, maxBodyDepth: 32, ratePerMinute: 600 },
      outbound: { allowRanges: [], allowHosts: [], allowDomains: [] },
      sources: { aggregationWindowMs: 2000, maxMergeParts: 100 },
      stream: { heartbeatMs: 15_000, maxBufferedBytes: 1024 * 1024, maxPerActor: 8 },
    });
    expect(DEFAULT_PLUGINS).toEqual([
      '@herald/plugin-webhook',
      '@herald/plugin-slack',
      '@herald/plugin-hipchat',
      '@herald/plugin-flowdock',
      '@herald/plugin-discord',
      '@herald/plugin-teams',
      '@herald/plugin-email',
      '@herald/plugin-quay-notification',
      '@herald/plugin-source-distribution',
      '@herald/plugin-source-harbor',
      '@herald/plugin-source-cloudevents',
    ]);
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig(
      {
        HERALD_NATS_URL: '',
        HERALD_MONGODB_URI: '',
        HERALD_MONGODB_DB: '',
        HERALD_HTTP_HOST: '',
        HERALD_HTTP_PORT: '',
        HERALD_INSTANCE_NAME: '',
        HERALD_DATA_DIR: '',
        HERALD_RETRY_SCHEDULE: '',
        HERALD_RETRYABLE_STATUSES: '',
        HERALD_FAILURE_THRESHOLD: '',
      },
      CWD,
    );
    expect(config.natsUrl).toBeUndefined();
    expect(config.mongoUri).toBeUndefined();
    expect(config.mongoDbName).toBe('herald');
    expect(config.httpHost).toBe('0.0.0.0');
    expect(config.httpPort).toBe(8080);
    expect(config.instanceName).toBe(`herald-${process.pid}`);
    expect(config.dataDir).toBe(path.join(CWD, '.herald'));
    expect(config.core).toEqual(DEFAULT_CORE_SETTINGS);
  });

  it('reads the connection and HTTP settings', () => {
    const config = loadConfig(
      {
        HERALD_NATS_URL: 'nats://nats:4222',
        HERALD_MONGODB_URI: 'mongodb://db:27017',
        HERALD_MONGODB_DB: 'notifications',
        HERALD_HTTP_HOST: '127.0.0.1',
        HERALD_HTTP_PORT: '9090',
        HERALD_INSTANCE_NAME: 'herald-a',
        HERALD_STREAM_REPLICAS: '3',
      },
      CWD,
    );
    expect(config).toMatchObject({
      natsUrl: 'nats://nats:4222',
      mongoUri: 'mongodb://db:27017',
      mongoDbName: 'notifications',
      httpHost: '127.0.0.1',
      httpPort: 9090,
      instanceName: 'herald-a',
      streamReplicas: 3,
    });
  });

  it('resolves the data directory against cwd, keeping absolute paths', () => {
    expect(loadConfig({ HERALD_DATA_DIR: 'data/herald' }, CWD).dataDir).toBe(path.join(CWD, 'data/herald'));
    expect(loadConfig({ HERALD_DATA_DIR: '/var/lib/herald' }, CWD).dataDir).toBe(path.resolve('/var/lib/herald'));
  });

  describe('HERALD_PLUGINS', () => {
    it('reads a comma-separated list, trimming and dropping empty entries', () => {
      expect(
        loadConfig({ HERALD_PLUGINS: ' @herald/plugin-webhook, ./plugins/slack ,,@acme/herald-teams ' }, CWD).plugins,
      ).toEqual(['@herald/plugin-webhook', './plugins/slack', '@acme/herald-teams']);
    });

    it('loads no plugin when set but empty', () => {
      expect(loadConfig({ HERALD_PLUGINS: '' }, CWD).plugins).toEqual([]);
      expect(loadConfig({ HERALD_PLUGINS: ' , ' }, CWD).plugins).toEqual([]);
    });

    it('uses the default plugins when unset', () => {
      expect(loadConfig({}, CWD).plugins).toEqual(DEFAULT_PLUGINS);
    });
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
    ['yes', false],
    ['TRUE', false],
  ])('reads HERALD_PLUGINS_STRICT=%p as %p', (value, strict) => {
    expect(loadConfig({ HERALD_PLUGINS_STRICT: value }, CWD).pluginsStrict).toBe(strict);
  });

  it('reads the core settings', () => {
    const core = loadConfig(
      {
        HERALD_DISPATCH_CONCURRENCY: '4',
        HERALD_DIRECT_DELIVERIES: 'false',
        HERALD_DELIVERY_CONCURRENCY: '8',
        HERALD_DELIVERY_TIMEOUT_MS: '2500',
        HERALD_ACK_WAIT_MS: '1000',
        HERALD_RETRY_SCHEDULE: '0,1s,1m',
        HERALD_SHUTDOWN_TIMEOUT_MS: '0',
        HERALD_FAILURE_THRESHOLD: '5',
        HERALD_INDEX_RESYNC_MS: '5000',
        HERALD_INDEX_REBUILD_MS: '600000',
        HERALD_INDEX_SNAPSHOT: 'false',
        HERALD_HISTORY_RETENTION_DAYS: '7',
        HERALD_INBOX_RETENTION_DAYS: '14',
        HERALD_HISTORY_PURGE_INTERVAL_MS: '60000',
        HERALD_RETRYABLE_STATUSES: '408, 425,409',
        HERALD_MAILBOX_SIZE: '16',
        HERALD_PER_NOTIFICATION_BACKLOG: '2',
        HERALD_RESTART_AFTER_CRASHES: '1',
        HERALD_EVENT_MAX_BYTES: '4096',
        HERALD_EVENT_MAX_DEPTH: '8',
        HERALD_EVENT_MAX_FIELDS: '100',
        HERALD_MAX_DELIVER: '3',
        HERALD_MAX_NOTIFICATIONS_PER_REPOSITORY: '7',
        HERALD_LANE_PARTITIONS: '4',
        HERALD_LANE_ACK_WAIT_MS: '2000',
        HERALD_LANE_PIN_TTL_MS: '1500',
        HERALD_EMAIL_CODE_TTL: '2h',
        HERALD_PUBLIC_URL: 'https://herald.example',
      },
      CWD,
    ).core;
    expect(core).toEqual({
      dispatchConcurrency: 4,
      directDeliveries: false,
      deliveryConcurrency: 8,
      deliveryTimeoutMs: 2500,
      ackWaitMs: 1000,
      retryScheduleMs: [0, 1_000, 60_000],
      shutdownTimeoutMs: 0,
      failureThreshold: 5,
      indexResyncMs: 5000,
      indexRebuildMs: 600_000,
      indexSnapshot: false,
      historyRetentionDays: 7,
      inboxRetentionDays: 14,
      historyPurgeIntervalMs: 60_000,
      retryableStatuses: [408, 425, 409],
      mailboxSize: 16,
      perNotificationBacklog: 2,
      restartAfterCrashes: 1,
      eventLimits: { maxBytes: 4096, maxDepth: 8, maxFields: 100 },
      maxDeliveries: 3,
      maxNotificationsPerRepository: 7,
      lanePartitions: 4,
      laneAckWaitMs: 2000,
      lanePinTtlMs: 1500,
      emailConfirmationTtlMs: 7_200_000,
      publicUrl: 'https://herald.example',
    });
  });

  it('reads the API limits and the outbound allow-list, naming the variable of a bad entry', () => {
    const config = loadConfig(
      {
        HERALD_API_MAX_BODY_BYTES: '2048',
        HERALD_API_MAX_BODY_DEPTH: '10',
        HERALD_API_RATE_LIMIT: '60',
        HERALD_OUTBOUND_ALLOW: '127.0.0.1,hooks.corp.example',
      },
      CWD,
    );
    expect(config.api).toEqual({ maxBodyBytes: 2048, maxBodyDepth: 10, ratePerMinute: 60 });
    expect(config.outbound.allowHosts).toEqual(['hooks.corp.example']);
    expect(config.outbound.allowRanges).toHaveLength(1);
    const err = configError(() => loadConfig({ HERALD_OUTBOUND_ALLOW: '10.0.0.0/77' }, CWD));
    expect(err.message).toMatch(/^HERALD_OUTBOUND_ALLOW: "10.0.0.0\/77" is not a CIDR/);
  });

  it('names HERALD_RETRY_SCHEDULE in a bad schedule error', () => {
    const err = configError(() => loadConfig({ HERALD_RETRY_SCHEDULE: '0,5x' }, CWD));
    expect(err.message).toBe('HERALD_RETRY_SCHEDULE: "5x" is not a duration such as 500ms, 5s, 5m or 2h');
  });

  describe('integer settings', () => {
    it.each([
      ['HERALD_HTTP_PORT', 'abc', 0],
      ['HERALD_HTTP_PORT', '80.5', 0],
      ['HERALD_HTTP_PORT', '-1', 0],
      ['HERALD_STREAM_REPLICAS', '0', 1],
      ['HERALD_DISPATCH_CONCURRENCY', '0', 1],
      ['HERALD_DELIVERY_CONCURRENCY', 'lots', 1],
      ['HERALD_DELIVERY_TIMEOUT_MS', '0', 1],
      ['HERALD_ACK_WAIT_MS', '999', 1000],
      ['HERALD_SHUTDOWN_TIMEOUT_MS', '-5', 0],
      ['HERALD_FAILURE_THRESHOLD', '0', 1],
      ['HERALD_INDEX_RESYNC_MS', '10', 1000],
      ['HERALD_INDEX_REBUILD_MS', '10', 1000],
      ['HERALD_HISTORY_RETENTION_DAYS', '0', 1],
      ['HERALD_MAILBOX_SIZE', '1.5', 1],
      ['HERALD_PER_NOTIFICATION_BACKLOG', '0', 1],
      ['HERALD_RESTART_AFTER_CRASHES', 'x', 1],
    ])('rejects %s=%p naming the variable and its minimum %d', (name, value, min) => {
      const err = configError(() => loadConfig({ [name]: value }, CWD));
      expect(err.message).toMatch(
        new RegExp(
          `^${name} must be an integer from ${min} to \\d+, got "${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"$`,
        ),
      );
    });

    it('accepts each minimum', () => {
      const config = loadConfig(
        {
          HERALD_HTTP_PORT: '0',
          HERALD_ACK_WAIT_MS: '1000',
          HERALD_INDEX_RESYNC_MS: '1000',
          HERALD_STREAM_REPLICAS: '1',
        },
        CWD,
      );
      expect(config.httpPort).toBe(0);
      expect(config.core.ackWaitMs).toBe(1000);
      expect(config.core.indexResyncMs).toBe(1000);
      expect(config.streamReplicas).toBe(1);
    });
  });

  describe('HERALD_RETRYABLE_STATUSES', () => {
    it.each(['500', '399', '200', 'abc', '408.5'])('rejects %p as not a 4xx status', (value) => {
      const err = configError(() => loadConfig({ HERALD_RETRYABLE_STATUSES: `408,${value}` }, CWD));
      expect(err.message).toBe(`HERALD_RETRYABLE_STATUSES: "${value}" is not a 4xx status`);
    });

    it('accepts the ends of the 4xx range', () => {
      expect(loadConfig({ HERALD_RETRYABLE_STATUSES: '400,499' }, CWD).core.retryableStatuses).toEqual([400, 499]);
    });
  });

  describe('e-mail authorization', () => {
    it('defaults to 24 h codes and links to localhost:8080', () => {
      const { core } = loadConfig({}, CWD);
      expect(core.emailConfirmationTtlMs).toBe(24 * 3_600_000);
      expect(core.publicUrl).toBe('http://localhost:8080');
    });

    it('reads HERALD_EMAIL_CODE_TTL and HERALD_PUBLIC_URL, dropping a trailing slash', () => {
      const { core } = loadConfig({ HERALD_EMAIL_CODE_TTL: '90m', HERALD_PUBLIC_URL: 'https://herald.example/' }, CWD);
      expect(core.emailConfirmationTtlMs).toBe(90 * 60_000);
      expect(core.publicUrl).toBe('https://herald.example');
    });

    it.each([
      [{ HERALD_EMAIL_CODE_TTL: '10ms' }, /HERALD_EMAIL_CODE_TTL/],
      [{ HERALD_EMAIL_CODE_TTL: '1h,2h' }, /HERALD_EMAIL_CODE_TTL/],
      [{ HERALD_PUBLIC_URL: 'ftp://x' }, /HERALD_PUBLIC_URL/],
      [{ HERALD_PUBLIC_URL: 'not a url' }, /HERALD_PUBLIC_URL/],
    ])('refuses %p', (env, message) => {
      expect(configError(() => loadConfig(env, CWD)).message).toMatch(message);
    });
  });

  it('reads the auth settings from the same environment', () => {
    const env = { HERALD_JWT_SECRET: 'shh', HERALD_JWT_ISSUER: 'quay' };
    expect(loadConfig(env, CWD).auth).toEqual(authSettingsFromEnv(env));
    expect(loadConfig(env, CWD).auth.hmacSecret).toBe('shh');
  });
});
