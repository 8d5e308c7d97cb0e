import { DeliverPolicy } from 'nats';
import { DOMAIN_STREAM, NatsClient } from '@herald/transport';
import type { DomainEventEnvelope } from '../domain-events/domain-event.publisher';
import type { StreamPosition } from './resync-plan';

/** Messages asked for per pull: the catch-up is bounded (ResyncLimits.maxCatchUp), so a few pulls at most. */
const PULL = 500;
/** A pull that brings nothing in this long means the range has a hole (a message deleted from the stream). */
const PULL_EXPIRES_MS = 5000;

/** Reads the domain stream (HERALD_DOMAIN) for the routing index's resync. */
export class DomainStreamReader {
  constructor(private readonly nats: NatsClient) {}

  /** The stream's first and last sequence and creation time; undefined when it cannot be read (no stream, NATS away). */
  async position(): Promise<StreamPosition | undefined> {
    try {
      const { state, created } = await this.nats.jsm.streams.info(DOMAIN_STREAM);
      return { firstSeq: state.first_seq, lastSeq: state.last_seq, created };
    } catch {
      return undefined;
    }
  }

  /**
   * The notification uuids named by the messages from..to (inclusive) whose event name `counts`. Throws when the range
   * cannot be read whole, so the caller falls back to a full rebuild.
   */
  async changedBetween(from: number, to: number, counts: (name: string) => boolean): Promise<Set<string>> {
    const consumer = await this.nats.js.consumers.get(DOMAIN_STREAM, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: from,
    });
    const changed = new Set<string>();
    let seq = from - 1;
    try {
      while (seq < to) {
        const batch = await consumer.fetch({ max_messages: Math.min(PULL, to - seq), expires: PULL_EXPIRES_MS });
        let got = 0;
        for await (const msg of batch) {
          got++;
          seq = msg.seq;
          const envelope = msg.json<Partial<DomainEventEnvelope>>();
          if (typeof envelope.uuid === 'string' && typeof envelope.name === 'string' && counts(envelope.name)) {
            changed.add(envelope.uuid);
          }
          if (seq >= to) break;
        }
        if (got === 0) throw new Error(`domain stream: nothing after sequence ${seq} of ${from}..${to}`);
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
    return changed;
  }
}
