import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from './clock.util';
import type { SeqRange, SinkCommand, SinkMessage, SinkStats } from './sink.protocol';
import { percentiles } from './stats';

/**
 * The webhook receiver, in a process of its own so it takes no CPU from the publisher's event loop: answers 200 as
 * soon as a body is read and records (seq, published at, arrived at) of each request. Driven over IPC by sink.client.
 */
const seqs: number[] = [];
const publishedAt: number[] = [];
const arrivedAt: number[] = [];
let unreadable = 0;
let waiter: { range: SeqRange; resolve: () => void } | undefined;
let lastInRangeArrival = 0;

function record(body: string, at: number): void {
  let seq = NaN;
  let published = NaN;
  try {
    const parsed = JSON.parse(body) as { bench_seq?: unknown; bench_published_at?: unknown };
    seq = Number(parsed.bench_seq);
    published = Number(parsed.bench_published_at);
  } catch {
    // counted below
  }
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

function send(message: SinkMessage): void {
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

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const at = nowMs();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
    record(Buffer.concat(chunks).toString('utf8'), at);
  });
});
// Webhook clients keep connections open between deliveries; do not make them reconnect.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.requestTimeout = 0;

process.on('message', (command: SinkCommand) => void handle(command));
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
