import { isEventKind } from '@herald/events';
import { DeliveryRequest, payloadJson, rememberPayloadJson } from '@herald/plugin-sdk';

/**
 * A delivery as it travels on NATS. Each retry is a new message carrying its attempt number and the earliest time it
 * may run, so attempts are counted exactly and a retry waiting for its time survives any restart.
 */
export interface DeliveryMessage extends DeliveryRequest {
  /** Epoch ms before which the attempt must not run. */
  notBefore?: number;
  /**
   * Message ids of one chain of attempts are `<chain>#<attempt>`. A manual redelivery starts a new chain, so it runs even
   * though an earlier chain got through.
   */
  chain: string;
  /** Epoch ms at which JetStream stored the registry's event: publish-to-delivery latency is measured from it. */
  publishedAt?: number;
  /**
   * Its event was dispatched before: an earlier dispatch may have started it directly, so its history is read before
   * it is sent, as for a redelivered message.
   */
  redispatched?: boolean;
}

/** The stored form: the payload as the registry's own JSON text, in a string, so no path ever re-encodes it. */
type StoredDelivery = Omit<DeliveryMessage, 'payload'> & { payload_json: string };

/**
 * Without the notification's config: it may hold secrets, which stay out of JetStream's store. The actor takes the
 * notification's current settings from the routing index when the message comes back.
 */
export function encodeDelivery(message: DeliveryMessage): Uint8Array {
  const { payload, ...rest } = message;
  const stored: StoredDelivery = {
    ...rest,
    notification: { ...message.notification, config: {} },
    payload_json: payloadJson(payload),
  };
  return Buffer.from(JSON.stringify(stored));
}

export function decodeDelivery(data: Uint8Array): DeliveryMessage {
  const { payload_json, ...stored } = JSON.parse(Buffer.from(data).toString('utf8')) as Partial<StoredDelivery>;
  const parsed: Partial<DeliveryMessage> = stored;
  if (typeof payload_json === 'string') {
    parsed.payload = JSON.parse(payload_json) as Record<string, unknown>;
    if (typeof parsed.payload === 'object' && parsed.payload) rememberPayloadJson(parsed.payload, payload_json);
  }
  if (
    typeof parsed.deliveryId !== 'string' ||
    typeof parsed.eventId !== 'string' ||
    typeof parsed.chain !== 'string' ||
    !Number.isInteger(parsed.attempt) ||
    !isEventKind(parsed.event) ||
    typeof parsed.payload !== 'object' ||
    parsed.payload === null ||
    typeof parsed.notification?.uuid !== 'string'
  ) {
    throw new Error('not a Herald delivery message');
  }
  return parsed as DeliveryMessage;
}

export function deliveryIdOf(eventId: string, notificationUuid: string): string {
  return `${eventId}:${notificationUuid}`;
}

/** The first attempt of a delivery. */
export function firstAttempt(m: Omit<DeliveryMessage, 'attempt' | 'chain'>): DeliveryMessage {
  return { ...m, attempt: 1, chain: m.deliveryId };
}
