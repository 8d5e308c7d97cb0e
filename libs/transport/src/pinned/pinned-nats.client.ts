import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, JetStreamClient, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';

/** The second connection of a Herald process, for consumers pinned to one instance at a time. */
export class PinnedNatsClient {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {}

  static async open(nc: NatsConnection): Promise<PinnedNatsClient> {
    return new PinnedNatsClient(nc, jetstream(nc), await jetstreamManager(nc));
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain().catch(() => this.nc.close());
  }
}
