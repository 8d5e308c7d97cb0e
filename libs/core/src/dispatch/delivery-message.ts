import { isEventKind } from '@herald/events';
import type { DeliveryRequest } from '@herald/plugin-sdk';

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
}

/**
 * Without the notification's config: it may hold secrets, which stay out of JetStream's store. The actor takes the
 * notification's current settings from the routing index when the message comes back.
 */
export function encodeDelivery(message: DeliveryMessage): Uint8Array {
  return Buffer.from(JSON.stringify({ ...message, notification: { ...message.notification, config: {} } }));
}

export function decodeDelivery(data: Uint8Array): DeliveryMessage {
  const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as Partial<DeliveryMessage>;
  if (
    typeof parsed.deliveryId !== 'string' ||
    typeof parsed.eventId !== 'string' ||
    typeof parsed.chain !== 'string' ||
    !Number.isInteger(parsed.attempt) ||
    !isEventKind(parsed.event) ||
    typeof parsed.payload !== 'object' ||
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
