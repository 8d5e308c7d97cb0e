import { JetStreamClient, JetStreamManager, NatsConnection } from 'nats';

/** The one NATS connection of a Herald process, with its JetStream handles. */
export class NatsClient {
  constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {}

  /** Round trip to the server: proves the connection is usable, not just open. */
  async ping(timeoutMs = 2000): Promise<{ server: string; rttMs: number }> {
    if (this.nc.isClosed()) throw new Error('connection closed');
    const rtt = await Promise.race([
      this.nc.rtt(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { server: this.nc.getServer(), rttMs: rtt };
  }

  /** Flushes pending publishes and acks, then closes. */
  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain().catch(() => this.nc.close());
  }
}
