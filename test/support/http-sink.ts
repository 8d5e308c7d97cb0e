import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
  /** Over TLS: the common name of the client certificate the caller presented, if any. */
  clientCertCn?: string;
}

export interface SinkResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Hold the answer this long (or forever with Infinity) before responding. */
  delayMs?: number;
}

function peerCn(socket: TLSSocket): string | undefined {
  const cn = socket.getPeerCertificate()?.subject?.CN;
  return Array.isArray(cn) ? cn.join(',') : cn;
}

/** A real HTTP server on loopback that records what it receives and answers as the test scripts it. */
export class HttpSink {
  readonly requests: ReceivedRequest[] = [];
  private responder: (req: ReceivedRequest, index: number) => SinkResponse = () => ({ status: 200, body: 'ok' });
  private waiters: { count: number; resolve: () => void }[] = [];
  private readonly hanging = new Set<http.ServerResponse>();

  private constructor(
    private readonly server: http.Server | https.Server,
    private readonly scheme: 'http' | 'https',
  ) {}

  /** Plain HTTP, or HTTPS with these server options (certificate, and a CA to require client certificates with). */
  static async start(tls?: https.ServerOptions): Promise<HttpSink> {
    const server = tls ? https.createServer(tls) : http.createServer();
    const sink = new HttpSink(server, tls ? 'https' : 'http');
    server.on('request', (req, res) => sink.onRequest(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    return `${this.scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  respondWith(fn: (req: ReceivedRequest, index: number) => SinkResponse): void {
    this.responder = fn;
  }

  bodies(): unknown[] {
    return this.requests.map((r) => JSON.parse(r.body));
  }

  /** Resolves when at least `count` requests have arrived; rejects after timeoutMs. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<ReceivedRequest[]> {
    if (this.requests.length < count) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`sink got ${this.requests.length} of ${count} requests in ${timeoutMs} ms`)),
          timeoutMs,
        );
        this.waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    }
    return this.requests;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        clientCertCn: this.scheme === 'https' ? peerCn(req.socket as TLSSocket) : undefined,
      };
      const index = this.requests.push(received) - 1;
      this.waiters = this.waiters.filter((w) => {
        if (this.requests.length >= w.count) w.resolve();
        return this.requests.length < w.count;
      });
      const answer = this.responder(received, index);
      const send = () => {
        this.hanging.delete(res);
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body ?? '');
      };
      this.hanging.add(res);
      if (answer.delayMs === Infinity) return;
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  }
}
