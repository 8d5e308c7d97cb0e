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
  const sub = nc.subscribe(domainSubject('delivery.>'), { timeout: timeoutMs });
  await nc.flush();
  const outcome = (async () => {
    for await (const msg of sub) {
      const o = msg.json<DeliveryOutcomeEvent>();
      if (o.notification_uuid === notificationUuid) return o;
    }
    throw new Error(`no delivery outcome for ${notificationUuid}`);
  })();
  try {
    await trigger();
    return await outcome;
  } finally {
    sub.unsubscribe();
  }
}
