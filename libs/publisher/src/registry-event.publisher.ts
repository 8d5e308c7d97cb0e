import { randomUUID } from 'node:crypto';
import { connect, JetStreamClient, NatsConnection } from 'nats';
import { EventKind, validateEvent } from '@herald/events';
import { eventSubject } from '@herald/transport';
import type { EventPayloads } from './event-payloads.types';

export interface PublishOptions {
  /** Unique id of this event; JetStream drops a repeat within its duplicate window. Default: a random UUID. */
  eventId?: string;
  /** Check the payload against the catalogue before sending (default true): a bad event fails here, not downstream. */
  validate?: boolean;
  /** How long to wait for the stream's acknowledgement. */
  timeoutMs?: number;
}

export interface PublishReceipt {
  eventId: string;
  stream: string;
  seq: number;
  /** True when JetStream already had this event id: the event was not stored twice. */
  duplicate: boolean;
}

export class InvalidEventError extends Error {
  constructor(
    readonly kind: string,
    readonly errors: string[],
    reason: string,
  ) {
    super(reason);
    this.name = 'InvalidEventError';
  }
}

/**
 * For registries: publishes repository events to Herald and resolves once JetStream has stored them, so a resolved
 * publish is never lost.
 */
export class RegistryEventPublisher {
  private constructor(
    private readonly js: JetStreamClient,
    private readonly owned?: NatsConnection,
  ) {}

  /** Uses an existing connection; closing it stays the caller's business. */
  static fromConnection(nc: NatsConnection): RegistryEventPublisher {
    return new RegistryEventPublisher(nc.jetstream());
  }

  static async connect(servers: string | string[], name = 'registry-publisher'): Promise<RegistryEventPublisher> {
    const nc = await connect({ servers, name, maxReconnectAttempts: -1 });
    return new RegistryEventPublisher(nc.jetstream(), nc);
  }

  async publish<K extends EventKind>(
    kind: K,
    payload: EventPayloads[K],
    opts: PublishOptions = {},
  ): Promise<PublishReceipt> {
    if (opts.validate !== false) {
      const result = validateEvent(kind, payload);
      if (!result.ok) throw new InvalidEventError(kind, result.errors, result.reason);
    }
    const eventId = opts.eventId ?? randomUUID();
    const ack = await this.js.publish(eventSubject(kind), Buffer.from(JSON.stringify(payload)), {
      msgID: eventId,
      timeout: opts.timeoutMs ?? 5000,
    });
    return { eventId, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  }

  /** Closes the connection if this publisher opened it, after flushing. */
  async close(): Promise<void> {
    await this.owned?.drain();
  }
}
