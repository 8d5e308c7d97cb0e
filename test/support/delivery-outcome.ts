import type { NatsConnection } from 'nats';
import type { DeliveryOutcomeEvent } from '@herald/core';
import { domainSubject } from '@herald/transport';

/**
 * Runs `trigger` and resolves with the first attempt outcome Herald publishes for the notification (on
 * herald.domain.delivery.*, sent once the attempt is recorded), so a test awaits the fact rather than polling for it.
 */
export async function deliveryOutcomeOf(
  nc: NatsConnection,
  notificationUuid: string,
  trigger: () => Promise<unknown>,
  timeoutMs = 15_000,
): Promise<DeliveryOutcomeEvent> {
  const [first] = await deliveryOutcomesOf(nc, notificationUuid, 1, trigger, timeoutMs);
  return first;
}

/** The first `count` attempt outcomes for the notification after `trigger` (a retried delivery's attempts, say). */
export async function deliveryOutcomesOf(
  nc: NatsConnection,
  notificationUuid: string,
  count: number,
  trigger: () => Promise<unknown>,
  timeoutMs = 15_000,
): Promise<DeliveryOutcomeEvent[]> {
  const sub = nc.subscribe(domainSubject('delivery.>'), { timeout: timeoutMs });
  await nc.flush();
  const outcomes = (async () => {
    const got: DeliveryOutcomeEvent[] = [];
    for await (const msg of sub) {
      const o = msg.json<DeliveryOutcomeEvent>();
      if (o.notification_uuid === notificationUuid && got.push(o) === count) return got;
    }
    throw new Error(`${count} delivery outcomes for ${notificationUuid} expected, got fewer`);
  })();
  try {
    await trigger();
    return await outcomes;
  } finally {
    sub.unsubscribe();
  }
}
