import type { JetStreamManager } from 'nats';

export interface ConsumerCounts {
  stream: string;
  consumer: string;
  /** Messages not yet delivered to the consumer. */
  pending: number;
  /** Delivered, not yet acknowledged. */
  ackPending: number;
}

/**
 * The consumers' backlog, read from JetStream when scraped, at most once per `ttlMs`: several Prometheus servers (or an
 * impatient one) must not turn into a stream of consumer-info requests.
 */
export class JetStreamConsumersProbe {
  private cached?: { at: number; counts: Promise<ConsumerCounts[]> };

  constructor(
    private readonly jsm: () => JetStreamManager,
    private readonly streams: string[],
    private readonly ttlMs = 2000,
  ) {}

  read(now = Date.now()): Promise<ConsumerCounts[]> {
    if (!this.cached || now - this.cached.at >= this.ttlMs) {
      this.cached = { at: now, counts: this.fetch() };
    }
    return this.cached.counts;
  }

  private async fetch(): Promise<ConsumerCounts[]> {
    const out: ConsumerCounts[] = [];
    for (const stream of this.streams) {
      try {
        for await (const c of this.jsm().consumers.list(stream)) {
          out.push({ stream, consumer: c.name, pending: c.num_pending, ackPending: c.num_ack_pending });
        }
      } catch {
        // A stream not made yet, or NATS away for a moment: its series are missing from this scrape.
      }
    }
    return out;
  }
}
