import { isEventKind } from '@herald/events';
import type { DeliveryRequest } from '@herald/plugin-sdk';

/** A delivery as it travels on NATS: the request without the attempt number, which JetStream counts for us. */
export type DeliveryMessage = Omit<DeliveryRequest, 'attempt'>;

export function encodeDelivery(message: DeliveryMessage): Uint8Array {
  return Buffer.from(JSON.stringify(message));
}

export function decodeDelivery(data: Uint8Array): DeliveryMessage {
  const parsed = JSON.parse(Buffer.from(data).toString('utf8')) as Partial<DeliveryMessage>;
  if (
    typeof parsed.deliveryId !== 'string' ||
    typeof parsed.eventId !== 'string' ||
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
