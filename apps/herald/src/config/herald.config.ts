import * as path from 'node:path';
import { AuthSettings, authSettingsFromEnv } from '@herald/auth';
import { CoreSettings, DEFAULT_CORE_SETTINGS } from '@herald/core';
import { OutboundPolicy, OutboundPolicyError, parseOutboundPolicy } from '@herald/plugin-sdk';
import type { InboxStreamSettings } from '../inbox-stream/inbox-stream.settings';

export interface HeraldConfig {
  /** Unset: Herald starts a local nats-server. */
  natsUrl?: string;
  /** Unset: Herald starts a local FerretDB. */
  mongoUri?: string;
  mongoDbName: string;
  httpHost: string;
  httpPort: number;
  instanceName: string;
  /** Package names or paths of plugin packages to load. */
  plugins: string[];
  /** Refuse to start when a plugin fails to load, instead of starting without it. */
  pluginsStrict: boolean;
  /** Where the local stack keeps its data. */
  dataDir: string;
  streamReplicas: number;
  core: CoreSettings;
  auth: AuthSettings;
  api: ApiLimits;
  /** Where plugins may call beyond public addresses (HERALD_OUTBOUND_ALLOW). */
  outbound: OutboundPolicy;
  sources: SourceSettings;
  /** The live notification stream (GET /api/v1/user/notifications/stream). */
  stream: InboxStreamSettings;
}

/** The ingest endpoints of event sources. */
export interface SourceSettings {
  /** Events of one aggregation key (a repository's pushes) stored within this long of the first become one; 0: never. */
  aggregationWindowMs: number;
  /** Parts of one merged event at most (bounds what a window holds). */
  maxMergeParts: number;
}

/** Bounds on what one API client can cost. */
export interface ApiLimits {
  /** Largest request body in bytes; beyond it a 413. */
  maxBodyBytes: number;
  /** Deepest nesting of a request body; beyond it a 400, before any validation walks it. */
  maxBodyDepth: number;
  /** Requests per minute per actor (token subject or API token); beyond it a 429 with Retry-After. */
  ratePerMinute: number;
}

export const DEFAULT_PLUGINS = [
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
];

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "0,5s,5m,30m,2h" -> milliseconds. */
export function parseDurations(name: string, raw: string): number[] {
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new ConfigError(`${name} is empty: give at least one delay, e.g. 0,5s,5m`);
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(part);
      if (!m) throw new ConfigError(`${name}: "${part}" is not a duration such as 500ms, 5s, 5m or 2h`);
      return Math.round(Number(m[1]) * UNITS[m[2] ?? 'ms']);
    });
}

/** "408,425,409" -> [408, 425, 409]; only 4xx make sense (5xx are always retried). */
function statusList(name: string, raw: string): number[] {
  return (list(raw) ?? []).map((part) => {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 400 || n > 499) throw new ConfigError(`${name}: "${part}" is not a 4xx status`);
    return n;
  });
}

/** One duration such as 24h or 90m, at least a second. */
function duration(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const parsed = parseDurations(name, raw);
  if (parsed.length !== 1 || parsed[0] < 1000) throw new ConfigError(`${name} must be one duration of at least 1s`);
  return parsed[0];
}

/** The base of links Herald mails: an http(s) URL, kept without a trailing slash. */
function publicUrl(raw: string | undefined, fallback: string): string {
  if (raw === undefined || raw.trim() === '') return fallback;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`HERALD_PUBLIC_URL must be an http:// or https:// URL, got "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new ConfigError(`HERALD_PUBLIC_URL must be an http:// or https:// URL without query, got "${raw}"`);
  }
  return url.href.replace(/\/+$/, '');
}

function outboundPolicy(raw: string | undefined): OutboundPolicy {
  try {
    return parseOutboundPolicy(raw);
  } catch (err) {
    if (err instanceof OutboundPolicyError) throw new ConfigError(err.message);
    throw err;
  }
}

function list(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): HeraldConfig {
  const d = DEFAULT_CORE_SETTINGS;
  return {
    natsUrl: env.HERALD_NATS_URL || undefined,
    mongoUri: env.HERALD_MONGODB_URI || undefined,
    mongoDbName: env.HERALD_MONGODB_DB || 'herald',
    httpHost: env.HERALD_HTTP_HOST || '0.0.0.0',
    httpPort: int(env, 'HERALD_HTTP_PORT', 8080, 0, 65535),
    instanceName: env.HERALD_INSTANCE_NAME || `herald-${process.pid}`,
    plugins: list(env.HERALD_PLUGINS) ?? DEFAULT_PLUGINS,
    pluginsStrict: env.HERALD_PLUGINS_STRICT === 'true' || env.HERALD_PLUGINS_STRICT === '1',
    dataDir: path.resolve(cwd, env.HERALD_DATA_DIR || '.herald'),
    streamReplicas: int(env, 'HERALD_STREAM_REPLICAS', 1, 1),
    core: {
      dispatchConcurrency: int(env, 'HERALD_DISPATCH_CONCURRENCY', d.dispatchConcurrency, 1),
      deliveryConcurrency: int(env, 'HERALD_DELIVERY_CONCURRENCY', d.deliveryConcurrency, 1),
      deliveryTimeoutMs: int(env, 'HERALD_DELIVERY_TIMEOUT_MS', d.deliveryTimeoutMs, 1),
      ackWaitMs: int(env, 'HERALD_ACK_WAIT_MS', d.ackWaitMs, 1000),
      retryScheduleMs: env.HERALD_RETRY_SCHEDULE
        ? parseDurations('HERALD_RETRY_SCHEDULE', env.HERALD_RETRY_SCHEDULE)
        : d.retryScheduleMs,
      shutdownTimeoutMs: int(env, 'HERALD_SHUTDOWN_TIMEOUT_MS', d.shutdownTimeoutMs, 0),
      failureThreshold: int(env, 'HERALD_FAILURE_THRESHOLD', d.failureThreshold, 1),
      indexResyncMs: int(env, 'HERALD_INDEX_RESYNC_MS', d.indexResyncMs, 1000),
      indexRebuildMs: int(env, 'HERALD_INDEX_REBUILD_MS', d.indexRebuildMs, 1000),
      indexSnapshot: !['false', '0'].includes(env.HERALD_INDEX_SNAPSHOT?.trim().toLowerCase() ?? ''),
      historyRetentionDays: int(env, 'HERALD_HISTORY_RETENTION_DAYS', d.historyRetentionDays, 1),
      inboxRetentionDays: int(env, 'HERALD_INBOX_RETENTION_DAYS', d.inboxRetentionDays, 1),
      historyPurgeIntervalMs: int(env, 'HERALD_HISTORY_PURGE_INTERVAL_MS', d.historyPurgeIntervalMs, 1000),
      retryableStatuses: env.HERALD_RETRYABLE_STATUSES
        ? statusList('HERALD_RETRYABLE_STATUSES', env.HERALD_RETRYABLE_STATUSES)
        : d.retryableStatuses,
      mailboxSize: int(env, 'HERALD_MAILBOX_SIZE', d.mailboxSize, 1),
      perNotificationBacklog: int(env, 'HERALD_PER_NOTIFICATION_BACKLOG', d.perNotificationBacklog, 1),
      restartAfterCrashes: int(env, 'HERALD_RESTART_AFTER_CRASHES', d.restartAfterCrashes, 1),
      eventLimits: {
        maxBytes: int(env, 'HERALD_EVENT_MAX_BYTES', d.eventLimits.maxBytes, 1024),
        maxDepth: int(env, 'HERALD_EVENT_MAX_DEPTH', d.eventLimits.maxDepth, 4, 10_000),
        maxFields: int(env, 'HERALD_EVENT_MAX_FIELDS', d.eventLimits.maxFields, 16),
      },
      maxDeliveries: int(env, 'HERALD_MAX_DELIVER', d.maxDeliveries, 2, 1000),
      maxNotificationsPerRepository: int(
        env,
        'HERALD_MAX_NOTIFICATIONS_PER_REPOSITORY',
        d.maxNotificationsPerRepository,
        1,
      ),
      lanePartitions: int(env, 'HERALD_LANE_PARTITIONS', d.lanePartitions, 1, 256),
      laneAckWaitMs: int(env, 'HERALD_LANE_ACK_WAIT_MS', d.laneAckWaitMs, 1000),
      lanePinTtlMs: int(env, 'HERALD_LANE_PIN_TTL_MS', d.lanePinTtlMs, 1000),
      directDeliveries: env.HERALD_DIRECT_DELIVERIES !== 'false' && env.HERALD_DIRECT_DELIVERIES !== '0',
      emailConfirmationTtlMs: duration(env, 'HERALD_EMAIL_CODE_TTL', d.emailConfirmationTtlMs),
      publicUrl: publicUrl(env.HERALD_PUBLIC_URL, d.publicUrl),
    },
    auth: authSettingsFromEnv(env),
    api: {
      maxBodyBytes: int(env, 'HERALD_API_MAX_BODY_BYTES', 1024 * 1024, 1024),
      maxBodyDepth: int(env, 'HERALD_API_MAX_BODY_DEPTH', 32, 4, 1000),
      ratePerMinute: int(env, 'HERALD_API_RATE_LIMIT', 600, 1),
    },
    outbound: outboundPolicy(env.HERALD_OUTBOUND_ALLOW),
    sources: {
      aggregationWindowMs: int(env, 'HERALD_SOURCE_AGGREGATION_WINDOW_MS', 2000, 0, 60 * 60_000),
      maxMergeParts: int(env, 'HERALD_SOURCE_MAX_MERGE_PARTS', 100, 1, 1000),
    },
    stream: {
      heartbeatMs: int(env, 'HERALD_SSE_HEARTBEAT_MS', 15_000, 100),
      maxBufferedBytes: int(env, 'HERALD_SSE_MAX_BUFFER_BYTES', 1024 * 1024, 4096),
      maxPerActor: int(env, 'HERALD_SSE_MAX_PER_ACTOR', 8, 1),
    },
  };
}
