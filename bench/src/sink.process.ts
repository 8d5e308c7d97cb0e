import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from './clock.util';
import { recordArrival, send, serveSinkIpc } from './sink.recorder';

/**
 * The webhook receiver, in a process of its own so it takes no CPU from the publisher's event loop: answers 200 as
 * soon as a body is read and records (seq, published at, arrived at) of each request. Driven over IPC by sink.client.
 */

/** The event's bench fields, which Herald passes through in the webhook body. */
function record(body: string, at: number): void {
  let seq = NaN;
  let published = NaN;
  try {
    const parsed = JSON.parse(body) as { bench_seq?: unknown; bench_published_at?: unknown };
    seq = Number(parsed.bench_seq);
    published = Number(parsed.bench_published_at);
  } catch {
    // counted as unreadable
  }
  recordArrival(seq, published, at);
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

serveSinkIpc();
server.listen(0, '127.0.0.1', () => {
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
