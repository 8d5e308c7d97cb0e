import { nowMs } from './clock.util';
import type { SendFn } from './closed-loop.publisher';
import { Percentiles, percentiles } from './stats';

export interface OpenLoopResult {
  count: number;
  targetRate: number;
  firstSendMs: number;
  lastSendMs: number;
  /** Events sent per second between the first and the last send. */
  achievedRate: number;
  /** How late each send left compared with its due time. */
  scheduleLagMs: Percentiles;
  /** Most publishes waiting for an ack at one time. */
  maxOutstanding: number;
  lastAckMs: number;
  publishErrors: number;
  firstError?: string;
}

/**
 * Publishes seqs [from, from + rate * durationS) on a fixed schedule, without waiting for acks: event i is due at
 * start + i / rate, a 1 ms timer sends whatever is due, and the event carries its due time as bench_published_at, so a
 * stall anywhere (publisher included) shows up as latency instead of silently slowing the offered load.
 */
export async function publishOpenLoop(
  from: number,
  rate: number,
  durationS: number,
  send: SendFn,
): Promise<OpenLoopResult> {
  const count = Math.round(rate * durationS);
  const interval = 1000 / rate;
  const lags: number[] = [];
  const acks: Promise<void>[] = [];
  let publishErrors = 0;
  let firstError: string | undefined;
  let outstanding = 0;
  let maxOutstanding = 0;
  let sent = 0;
  let firstSendMs = 0;
  let lastSendMs = 0;
  const start = nowMs() + 5;

  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowMs();
      const due = Math.min(count, Math.floor((now - start) / interval) + 1);
      for (; sent < due; sent++) {
        const dueAt = start + sent * interval;
        const at = nowMs();
        if (sent === 0) firstSendMs = at;
        lastSendMs = at;
        lags.push(at - dueAt);
        outstanding++;
        maxOutstanding = Math.max(maxOutstanding, outstanding);
        acks.push(
          send(from + sent, dueAt).then(
            () => void outstanding--,
            (err: unknown) => {
              outstanding--;
              publishErrors++;
              firstError ??= err instanceof Error ? err.message : String(err);
            },
          ),
        );
      }
      if (sent >= count) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 1);
  });
  await Promise.all(acks);
  return {
    count,
    targetRate: rate,
    firstSendMs,
    lastSendMs,
    achievedRate: count > 1 ? ((count - 1) * 1000) / (lastSendMs - firstSendMs) : 0,
    scheduleLagMs: percentiles(lags),
    maxOutstanding,
    lastAckMs: nowMs(),
    publishErrors,
    firstError,
  };
}
