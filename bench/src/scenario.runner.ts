import * as path from 'node:path';
import type mongoose from 'mongoose';
import { RegistryEventPublisher } from '@herald/publisher';
import type { BenchEnvironment } from './bench.environment';
import type { SendFn } from './closed-loop.publisher';
import { nowMs } from './clock.util';
import { pushEvent } from './events.factory';
import { startHeraldChild } from './herald.runner';
import { IpcChild } from './ipc-child.util';
import { measureClosedLoop, measureOpenLoop } from './measure.runner';
import { SeedLane, seedNotifications } from './notifications.seeder';
import type { BenchOptions } from './options.config';
import { RAW_SUBJECT } from './raw.constants';
import { RssSampler } from './rss.sampler';
import type { ScenarioResult } from './scenario.types';
import type { SinkClient } from './sink.client';

export interface BenchContext {
  env: BenchEnvironment;
  sink: SinkClient;
  opts: BenchOptions;
  runId: string;
  log: (message: string) => void;
}

/** What a scenario changes about runHerald's Herald: its environment, its notifications, its events' ids. */
export interface HeraldVariant {
  env?: Record<string, string>;
  /** After the notifications are seeded, before Herald starts. */
  prepare?(db: mongoose.Connection): Promise<void>;
  eventId?(seq: number, at: number): string;
  /** The action whose /health counters the report shows (default webhook). */
  method?: string;
  /** Lane settings of the target notifications (the hot scenarios). */
  lane?: SeedLane;
}

const numbers = (o: Record<string, unknown> = {}): Record<string, number> =>
  Object.fromEntries(Object.entries(o).filter((e): e is [string, number] => typeof e[1] === 'number'));

function measure(ctx: BenchContext, mode: 'closed' | 'open', send: SendFn) {
  const { opts } = ctx;
  return mode === 'closed'
    ? measureClosedLoop(ctx.sink, send, opts)
    : measureOpenLoop(ctx.sink, send, { ...opts, durationS: opts.durationS });
}

/**
 * The raw JetStream consumer in its own process, on a fresh stream; `concurrency` 1 is the serial baseline, the fair
 * limit of one ordered lane.
 */
export async function runBaseline(
  ctx: BenchContext,
  id: string,
  mode: 'closed' | 'open',
  concurrency = ctx.opts.concurrency,
): Promise<ScenarioResult> {
  const { env, opts } = ctx;
  await env.resetStreams();
  await env.createRawStream();
  const { child } = await IpcChild.start('baseline', 'baseline.process.js', {
    BENCH_NATS_URL: env.natsUrl,
    BENCH_SINK_URL: ctx.sink.url,
    BENCH_CONCURRENCY: String(concurrency),
  });
  const rss = new RssSampler(child.pid).start();
  try {
    const send: SendFn = (seq, at) =>
      env.js.publish(RAW_SUBJECT, Buffer.from(JSON.stringify(pushEvent(opts.targets, seq, at))), {
        msgID: `bench-${ctx.runId}-${id}-${seq}`,
      });
    const measurement = await measure(ctx, mode, send);
    const label =
      concurrency === 1
        ? 'raw JetStream, one at a time in order, closed loop'
        : mode === 'closed'
          ? 'raw JetStream, closed loop'
          : `raw JetStream, open loop ${opts.rate}/s`;
    return { id, label, system: 'baseline', measurement, memory: rss.stop() };
  } finally {
    rss.stop();
    await child.kill();
  }
}

export const benchDbName = (ctx: BenchContext, id: string): string =>
  `herald_bench_${ctx.runId}_${id}`.replace(/\W/g, '_');

/** The environment every bench Herald runs with: the run's servers, a database of its own, loopback allowed. */
export function benchHeraldEnv(env: BenchEnvironment, dbName: string, id: string): Record<string, string> {
  return {
    HERALD_NATS_URL: env.natsUrl,
    HERALD_MONGODB_URI: env.mongoUri,
    HERALD_MONGODB_DB: dbName,
    HERALD_INSTANCE_NAME: `herald-bench-${id}`,
    // The bench's sink listens on loopback, which the outbound policy refuses by default.
    HERALD_OUTBOUND_ALLOW: '127.0.0.1',
    HERALD_ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 1).toString('base64')}`,
    // External servers need a JWT key to start; the bench calls no API route.
    HERALD_JWT_SECRET: 'bench-calls-no-api-route',
    // Only how long SIGTERM waits for in-flight work after the measurement; the default 10 s adds nothing but time.
    HERALD_SHUTDOWN_TIMEOUT_MS: process.env.HERALD_SHUTDOWN_TIMEOUT_MS || '3000',
  };
}

/** Herald as a child process on a fresh database holding `notifications` notifications, and fresh streams. */
export async function runHerald(
  ctx: BenchContext,
  id: string,
  mode: 'closed' | 'open',
  notifications: number,
  variant: HeraldVariant = {},
): Promise<ScenarioResult> {
  const { env, opts, log } = ctx;
  await env.resetStreams();
  const dbName = benchDbName(ctx, id);
  const db = await env.openDatabase(dbName);
  try {
    const seed = await seedNotifications(db, notifications, opts.targets, ctx.sink.url, variant.lane);
    log(
      `  inserted ${seed.notifications} notifications on ${seed.repositories} repositories in ${(seed.insertMs / 1000).toFixed(1)} s`,
    );
    await variant.prepare?.(db);
    const herald = await startHeraldChild(
      { ...benchHeraldEnv(env, dbName, id), ...variant.env },
      { cpuProfDir: opts.cpuProfDir && path.resolve(opts.cpuProfDir, id), timeoutMs: opts.bootTimeoutS * 1000 },
    );
    const indexLoaded = Number(/routing index loaded: (\d+)/.exec(herald.logs())?.[1] ?? NaN);
    log(
      `  Herald pid ${herald.pid} healthy after ${(herald.bootMs / 1000).toFixed(1)} s (index: ${indexLoaded} notifications)`,
    );
    const rss = new RssSampler(herald.pid).start();
    try {
      const publisher = RegistryEventPublisher.fromConnection(env.nc);
      const send: SendFn = (seq, at) =>
        publisher.publish('repo_push', pushEvent(opts.targets, seq, at), {
          eventId: variant.eventId?.(seq, at) ?? `bench-${ctx.runId}-${id}-${seq}`,
          validate: opts.validate,
        });
      const measurement = await measure(ctx, mode, send);
      const memory = rss.stop();
      const health = await herald.health().catch(() => undefined);
      const { lane } = variant;
      const shape = lane
        ? `one notification, ordering ${lane.ordering ?? 'strict'}`
        : `N=${notifications.toLocaleString('en-US')}`;
      const label = mode === 'closed' ? `Herald ${shape}, closed loop` : `Herald ${shape}, open loop ${opts.rate}/s`;
      return {
        id,
        label,
        system: 'herald',
        notifications,
        insertMs: seed.insertMs,
        bootMs: herald.bootMs,
        indexLoaded,
        measurement,
        memory,
        heraldCounters: {
          dispatcher: numbers(health?.checks?.dispatcher),
          webhook: numbers(health?.actions?.[variant.method ?? 'webhook']),
        },
      };
    } finally {
      rss.stop();
      const stopping = nowMs();
      const code = await herald.stop();
      const stopS = ((nowMs() - stopping) / 1000).toFixed(1);
      if (code !== 0) log(`  Herald exited with ${code} after SIGTERM (${stopS} s):\n${herald.logs().slice(-2000)}`);
      else log(`  Herald stopped (SIGTERM, exit 0 in ${stopS} s)`);
    }
  } finally {
    await env.dropDatabase(db);
  }
}
