import * as http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { NatsConnection } from 'nats';
import { findRestartablePort } from '@herald/local-stack';
import { InvalidEventError, RegistryEventPublisher } from '@herald/publisher';

const HOST = '127.0.0.1';

export interface DeliveryFigures {
  published: number;
  /** Distinct published events that reached the receiver. */
  delivered: number;
  /** Requests beyond the first for an event. */
  duplicates: number;
  missing: number;
  missingIds: string[];
  /** Event ids that arrived but were never acknowledged as published (should not happen). */
  unexpectedIds: string[];
}

/**
 * A real HTTP receiver on loopback that only counts webhook requests per event id (from `x-herald-delivery`,
 * `<event id>:<notification uuid>`) and answers 200. refuse() closes it so that connections are refused; accept()
 * listens again on the same port.
 */
export class DeliveryCounter {
  readonly counts = new Map<string, number>();
  /** Every request's event id, in arrival order (repeats included). */
  readonly arrivals: string[] = [];
  requests = 0;
  lastRequestAt = 0;
  /** When an event last arrived for the first time. */
  lastFirstAt = 0;
  private server: http.Server;
  private listeners = new Set<() => void>();

  private constructor(readonly port: number) {
    this.server = this.createServer();
  }

  static async start(port?: number): Promise<DeliveryCounter> {
    const counter = new DeliveryCounter(port ?? (await findRestartablePort()));
    await counter.accept();
    return counter;
  }

  get url(): string {
    return `http://${HOST}:${this.port}/hook`;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** Stops listening and drops every open connection (in-flight requests included): connections are refused. */
  async refuse(): Promise<void> {
    if (!this.server.listening) return;
    const server = this.server;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    this.server = this.createServer();
  }

  /** Listens again on the same port (retrying for a while should the port still be held). */
  async accept(): Promise<void> {
    if (this.server.listening) return;
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await new Promise<void>((resolve, reject) => {
          this.server.once('error', reject);
          this.server.listen({ port: this.port, host: HOST, exclusive: true }, () => {
            this.server.off('error', reject);
            resolve();
          });
        });
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > deadline) throw err;
        this.server = this.createServer();
        await sleep(100);
      }
    }
  }

  async close(): Promise<void> {
    await this.refuse();
  }

  /** Resolves once every id has arrived at least once; rejects after timeoutMs with how many are still missing. */
  async waitForAll(ids: Iterable<string>, timeoutMs: number): Promise<void> {
    const missing = new Set([...ids].filter((id) => !this.counts.has(id)));
    if (missing.size === 0) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        for (const id of missing) if (this.counts.has(id)) missing.delete(id);
        if (missing.size > 0) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`${missing.size} event(s) not delivered after ${timeoutMs} ms, e.g. ${[...missing][0]}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  /** Resolves once `count` distinct events have arrived; rejects after timeoutMs. */
  async deliveredAtLeast(count: number, timeoutMs: number): Promise<void> {
    if (this.counts.size >= count) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.counts.size < count) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`only ${this.counts.size} of ${count} events delivered after ${timeoutMs} ms`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  /** Resolves once no request has arrived for quietMs (or after maxMs): late duplicates are counted too. */
  /**
   * Waits for every acked event (at most timeoutMs), then a moment longer for late duplicates, which are counted but
   * decide nothing. Those still missing then are what the figures count as missing.
   */
  async settle(acked: Iterable<string>, timeoutMs: number): Promise<void> {
    const timedOut = await this.waitForAll(acked, timeoutMs).then(
      () => false,
      () => true,
    );
    if (!timedOut) await this.waitForQuiet(750, 3000);
  }

  async waitForQuiet(quietMs: number, maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline) {
      const idle = Date.now() - this.lastRequestAt;
      if (idle >= quietMs) return;
      await sleep(Math.min(quietMs - idle, deadline - Date.now()) + 5);
    }
  }

  figures(published: ReadonlySet<string>): DeliveryFigures {
    let delivered = 0;
    let duplicates = 0;
    const unexpectedIds: string[] = [];
    for (const [id, n] of this.counts) {
      duplicates += n - 1;
      if (published.has(id)) delivered++;
      else unexpectedIds.push(id);
    }
    const missingIds = [...published].filter((id) => !this.counts.has(id)).sort();
    return {
      published: published.size,
      delivered,
      duplicates,
      missing: missingIds.length,
      missingIds,
      unexpectedIds,
    };
  }

  private createServer(): http.Server {
    const server = http.createServer((req, res) => {
      req.resume();
      req.once('end', () => {
        const delivery = req.headers['x-herald-delivery'];
        if (typeof delivery === 'string') {
          const id = delivery.slice(0, delivery.lastIndexOf(':'));
          const seen = this.counts.get(id) ?? 0;
          this.counts.set(id, seen + 1);
          this.arrivals.push(id);
          if (seen === 0) this.lastFirstAt = Date.now();
        }
        this.requests++;
        this.lastRequestAt = Date.now();
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
        for (const listener of [...this.listeners]) listener();
      });
    });
    server.keepAliveTimeout = 5000;
    return server;
  }
}

export interface SteadyLoadOptions {
  nc: NatsConnection;
  /** Event ids are `<prefix>-<n>`. */
  prefix: string;
  total: number;
  ratePerSecond: number;
  /** Event n goes to repositories[n % length]. */
  repositories: string[];
  /** Publishes waiting for their ack at once; the load slows down (as a registry's would) beyond it. */
  maxInFlight?: number;
  /** Each attempt's ack timeout. */
  ackTimeoutMs?: number;
  /** An event not acked after this long fails the load. */
  giveUpAfterMs?: number;
}

/**
 * Publishes `total` repo_push events at a steady rate, each retried with its own Nats-Msg-Id until JetStream acks it,
 * so JetStream drops the copies a retry may add. An event counts as published only once acked.
 */
export class SteadyLoad {
  readonly acked = new Set<string>();
  /** Each acked event's stream sequence: the order JetStream stored them in (a retry may store one after later ones). */
  readonly streamSeq = new Map<string, number>();
  retries = 0;
  lastError: unknown;
  readonly done: Promise<void>;
  private readonly publisher: RegistryEventPublisher;

  constructor(readonly opts: SteadyLoadOptions) {
    this.publisher = RegistryEventPublisher.fromConnection(opts.nc);
    this.done = this.run();
    // Observed by whoever awaits done; never an unhandled rejection meanwhile.
    this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { total, ratePerSecond } = this.opts;
    const maxInFlight = this.opts.maxInFlight ?? 256;
    const interval = 1000 / ratePerSecond;
    const inFlight = new Set<Promise<void>>();
    const failures: unknown[] = [];
    const start = Date.now();
    for (let n = 0; n < total && failures.length === 0; n++) {
      const wait = start + n * interval - Date.now();
      if (wait >= 1) await sleep(wait);
      while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
      const p: Promise<void> = this.publishOne(n)
        .catch((err: unknown) => void failures.push(err))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    if (failures.length > 0) throw failures[0];
  }

  private async publishOne(n: number): Promise<void> {
    const repository = this.opts.repositories[n % this.opts.repositories.length];
    const [namespace, name] = repository.split('/');
    const eventId = `${this.opts.prefix}-${String(n).padStart(6, '0')}`;
    const payload = {
      repository,
      namespace,
      name,
      docker_url: `quay.io/${repository}`,
      homepage: `https://quay.io/repository/${repository}`,
      updated_tags: { latest: 'b750fe79269d2ec9a3c593ef05b4332b1d1a02a62b4accb2c21d589ff2f5f2dc' },
      herald_fault_seq: n,
    };
    const deadline = Date.now() + (this.opts.giveUpAfterMs ?? 60_000);
    for (;;) {
      try {
        const ack = await this.publisher.publish('repo_push', payload, {
          eventId,
          timeoutMs: this.opts.ackTimeoutMs ?? 2000,
        });
        // A retry JetStream took for a duplicate acks with the first copy's sequence.
        this.streamSeq.set(eventId, ack.seq);
        this.acked.add(eventId);
        return;
      } catch (err) {
        if (err instanceof InvalidEventError) throw err;
        this.lastError = err;
        if (Date.now() > deadline) throw new Error(`${eventId} not acked in time, last error: ${String(err)}`);
        this.retries++;
        await sleep(200);
      }
    }
  }
}

export function formatFigures(scenario: string, f: DeliveryFigures, extra: string): string {
  return (
    `fault ${scenario}: published ${f.published}, delivered ${f.delivered}, duplicates ${f.duplicates}, ` +
    `missing ${f.missing} (${extra})`
  );
}
