import { nowMs } from './clock.util';
import type { SeqRange, SinkCommand, SinkMessage, SinkStats } from './sink.protocol';
import { percentiles } from './stats';

/**
 * What every bench sink process records and answers over IPC (sink.client): (seq, published at, arrived at) of each
 * delivery, counts, duplicates, missing seqs and latency percentiles. The sinks differ only in the protocol they
 * receive deliveries by (HTTP for webhooks, SMTP for e-mail).
 */
const seqs: number[] = [];
const publishedAt: number[] = [];
const arrivedAt: number[] = [];
let unreadable = 0;
let waiter: { range: SeqRange; resolve: () => void } | undefined;
let lastInRangeArrival = 0;

/** One delivery as it arrived; a seq that is not an integer counts as unreadable. */
export function recordArrival(seq: number, published: number, at: number): void {
  if (!Number.isInteger(seq)) {
    unreadable++;
    return;
  }
  seqs.push(seq);
  publishedAt.push(published);
  arrivedAt.push(at);
  if (waiter && seq >= waiter.range.from && seq < waiter.range.to) {
    lastInRangeArrival = at;
    waiter.resolve();
  }
}

function stats(range: SeqRange, complete?: boolean): SinkStats {
  const expected = range.to - range.from;
  const seen = new Uint8Array(Math.max(expected, 0));
  const latencies: number[] = [];
  let requests = 0;
  let stray = unreadable;
  let first = Infinity;
  let last = 0;
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i];
    if (seq < range.from || seq >= range.to) {
      stray++;
      continue;
    }
    requests++;
    first = Math.min(first, arrivedAt[i]);
    last = Math.max(last, arrivedAt[i]);
    if (seen[seq - range.from]) continue;
    seen[seq - range.from] = 1;
    latencies.push(arrivedAt[i] - publishedAt[i]);
  }
  const missingSample: number[] = [];
  for (let i = 0; i < expected && missingSample.length < 10; i++) if (!seen[i]) missingSample.push(range.from + i);
  const unique = latencies.length;
  return {
    requests,
    unique,
    duplicates: requests - unique,
    missing: expected - unique,
    missingSample,
    stray,
    firstArrivalMs: Number.isFinite(first) ? first : 0,
    lastArrivalMs: last,
    latencyMs: percentiles(latencies),
    complete: complete ?? unique === expected,
  };
}

/** Counts distinct in-range seqs incrementally, so waiting on 20,000 arrivals costs O(1) per request. */
async function waitFor(range: SeqRange, idleMs: number, timeoutMs: number): Promise<SinkStats> {
  const seen = new Set<number>();
  for (const seq of seqs) if (seq >= range.from && seq < range.to) seen.add(seq);
  const expected = range.to - range.from;
  const started = nowMs();
  lastInRangeArrival = started;
  let scanned = seqs.length;
  while (seen.size < expected) {
    const now = nowMs();
    if (now - lastInRangeArrival > idleMs || now - started > timeoutMs) return stats(range, false);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 50);
      waiter = {
        range,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
    waiter = undefined;
    for (; scanned < seqs.length; scanned++) {
      const seq = seqs[scanned];
      if (seq >= range.from && seq < range.to) seen.add(seq);
    }
  }
  return stats(range, true);
}

export function send(message: SinkMessage): void {
  process.send?.(message);
}

async function handle(command: SinkCommand): Promise<void> {
  try {
    if (command.cmd === 'reset') {
      seqs.length = publishedAt.length = arrivedAt.length = 0;
      unreadable = 0;
      send({ type: 'reply', id: command.id });
    } else if (command.cmd === 'stats') {
      send({ type: 'reply', id: command.id, stats: stats(command.range) });
    } else {
      send({ type: 'reply', id: command.id, stats: await waitFor(command.range, command.idleMs, command.timeoutMs) });
    }
  } catch (err) {
    send({ type: 'reply', id: command.id, error: err instanceof Error ? err.message : String(err) });
  }
}

/** Answers the parent's commands; the process ends with its parent. */
export function serveSinkIpc(): void {
  process.on('message', (command: SinkCommand) => void handle(command));
  process.on('disconnect', () => process.exit(0));
}
