import { nowMs } from './clock.util';

/** Publishes one event and resolves on JetStream's ack; publishedAt goes into the event body. */
export type SendFn = (seq: number, publishedAt: number) => Promise<unknown>;

export interface ClosedLoopResult {
  count: number;
  firstPublishMs: number;
  /** When the last publish ack came back. */
  lastAckMs: number;
  publishErrors: number;
  firstError?: string;
}

/**
 * Publishes seqs [from, from + count) as fast as JetStream acks them, pipelined: at most maxOutstanding publishes are
 * waiting for their ack at any time.
 */
export async function publishClosedLoop(
  from: number,
  count: number,
  send: SendFn,
  maxOutstanding = 256,
): Promise<ClosedLoopResult> {
  let next = from;
  const end = from + count;
  let publishErrors = 0;
  let firstError: string | undefined;
  const firstPublishMs = nowMs();
  const lane = async () => {
    while (next < end) {
      const seq = next++;
      try {
        await send(seq, nowMs());
      } catch (err) {
        publishErrors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(maxOutstanding, count) }, lane));
  return { count, firstPublishMs, lastAckMs: nowMs(), publishErrors, firstError };
}
