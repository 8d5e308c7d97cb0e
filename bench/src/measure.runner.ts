import { sleep } from './clock.util';
import { ClosedLoopResult, publishClosedLoop, SendFn } from './closed-loop.publisher';
import { OpenLoopResult, publishOpenLoop } from './open-loop.publisher';
import type { SinkClient } from './sink.client';
import type { SinkStats } from './sink.protocol';
import { ratePerSecond } from './stats';

/** After the last expected arrival: how long to keep listening for late duplicates. */
const SETTLE_MS = 1000;
/** A measurement gives up when nothing arrived for this long. */
const IDLE_MS = 10_000;

export interface WarmupResult {
  events: number;
  complete: boolean;
  ms: number;
}

export interface ClosedLoopMeasurement {
  mode: 'closed';
  warmup: WarmupResult;
  publish: ClosedLoopResult;
  sink: SinkStats;
  /** Events delivered per second, from the first publish to the last arrival at the sink. */
  deliveriesPerSec: number;
  /** deliveriesPerSec of every burst, in order; the other figures are those of the median burst. */
  bursts: number[];
  /** Publish acks per second: how fast the publisher could hand events to JetStream. */
  publishPerSec: number;
  elapsedMs: number;
}

export interface OpenLoopMeasurement {
  mode: 'open';
  warmup: WarmupResult;
  publish: OpenLoopResult;
  sink: SinkStats;
  /** Arrivals per second between the first and the last arrival. */
  deliveredRate: number;
}

/** Seqs -warmup..-1, waited for, then dropped from the sink so the measurement starts clean. */
async function warmUp(
  sink: SinkClient,
  count: number,
  send: SendFn,
  maxOutstanding: number,
  maxWaitMs: number,
): Promise<WarmupResult> {
  await sink.reset();
  if (count === 0) return { events: 0, complete: true, ms: 0 };
  const range = { from: -count, to: 0 };
  const publish = await publishClosedLoop(-count, count, send, maxOutstanding);
  const stats = await sink.waitFor(range, Math.min(IDLE_MS, maxWaitMs), maxWaitMs);
  await sleep(200);
  await sink.reset();
  return { events: count, complete: stats.complete, ms: stats.lastArrivalMs - publish.firstPublishMs };
}

/** Waits for the deliveries still on their way (at most maxWaitMs, or IDLE_MS without a new one), then settles. */
async function collect(sink: SinkClient, from: number, count: number, maxWaitMs: number): Promise<SinkStats> {
  const range = { from, to: from + count };
  await sink.waitFor(range, Math.min(IDLE_MS, maxWaitMs), maxWaitMs);
  await sleep(SETTLE_MS);
  return sink.stats(range);
}

export async function measureClosedLoop(
  sink: SinkClient,
  send: SendFn,
  opts: { events: number; bursts: number; warmup: number; maxOutstanding: number; maxWaitS: number },
): Promise<ClosedLoopMeasurement> {
  const warmup = await warmUp(sink, opts.warmup, send, opts.maxOutstanding, opts.maxWaitS * 1000);
  const runs: Omit<ClosedLoopMeasurement, 'bursts'>[] = [];
  for (let burst = 0; burst < opts.bursts; burst++) {
    // Each burst has seqs (and so event ids) of its own, and a sink that forgot the previous one.
    if (burst > 0) await sink.reset();
    const from = burst * opts.events;
    const publish = await publishClosedLoop(from, opts.events, send, opts.maxOutstanding);
    const stats = await collect(sink, from, opts.events, opts.maxWaitS * 1000);
    const elapsedMs = stats.lastArrivalMs - publish.firstPublishMs;
    runs.push({
      mode: 'closed',
      warmup,
      publish,
      sink: stats,
      deliveriesPerSec: ratePerSecond(stats.unique, elapsedMs),
      publishPerSec: ratePerSecond(opts.events, publish.lastAckMs - publish.firstPublishMs),
      elapsedMs,
    });
  }
  const median = [...runs].sort((x, y) => x.deliveriesPerSec - y.deliveriesPerSec)[Math.floor(runs.length / 2)];
  // Losses and duplicates count in every burst, not only the median one.
  const totals: SinkStats = {
    ...median.sink,
    missing: runs.reduce((n, r) => n + r.sink.missing, 0),
    duplicates: runs.reduce((n, r) => n + r.sink.duplicates, 0),
    missingSample: runs.flatMap((r) => r.sink.missingSample).slice(0, 10),
    complete: runs.every((r) => r.sink.complete),
  };
  return { ...median, sink: totals, bursts: runs.map((r) => r.deliveriesPerSec) };
}

export async function measureOpenLoop(
  sink: SinkClient,
  send: SendFn,
  opts: { rate: number; durationS: number; warmup: number; maxOutstanding: number; maxWaitS: number },
): Promise<OpenLoopMeasurement> {
  const warmup = await warmUp(sink, opts.warmup, send, opts.maxOutstanding, opts.maxWaitS * 1000);
  const publish = await publishOpenLoop(0, opts.rate, opts.durationS, send);
  const stats = await collect(sink, 0, publish.count, opts.maxWaitS * 1000);
  return {
    mode: 'open',
    warmup,
    publish,
    sink: stats,
    deliveredRate: ratePerSecond(Math.max(0, stats.unique - 1), stats.lastArrivalMs - stats.firstArrivalMs),
  };
}
