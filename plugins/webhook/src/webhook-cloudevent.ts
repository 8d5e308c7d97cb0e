import type { DeliveryRequest } from '@herald/plugin-sdk';
import { payloadJson } from '@herald/plugin-sdk';

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

/**
 * A CloudEvents 1.0 event in structured mode. `data` is the registry's own JSON text spliced in as it is, never parsed
 * and written again, so a receiver sees the same bytes as with a plain webhook.
 */
export function cloudEventBody(req: DeliveryRequest<object>): string {
  const attributes = {
    specversion: '1.0',
    id: req.deliveryId,
    source: req.notification.repository,
    type: `io.quay.${req.event}`,
    subject: req.notification.uuid,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
  };
  const head = JSON.stringify(attributes);
  return `${head.slice(0, -1)},"data":${payloadJson(req.payload)}}`;
}
