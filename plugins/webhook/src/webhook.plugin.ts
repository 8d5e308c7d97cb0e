import { Injectable } from '@nestjs/common';
import {
  ActionPlugin,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  destinationRefusal,
  HeraldActionPlugin,
  outcomeFromHttp,
  outcomeFromRequestError,
  payloadJson,
  safeRequest,
} from '@herald/plugin-sdk';
import { WebhookConfig } from './webhook-config.dto';

@Injectable()
@HeraldActionPlugin()
export class WebhookPlugin implements ActionPlugin<WebhookConfig> {
  readonly method = 'webhook';
  readonly configClass = WebhookConfig;

  /** The outbound policy at creation too, so an admin learns at once that an address will never be called. */
  async checkConfig(config: WebhookConfig): Promise<string[]> {
    const refusal = await destinationRefusal(new URL(config.url).hostname);
    return refusal ? [`config.url: the outbound policy refuses this address: ${refusal}`] : [];
  }

  async deliver(req: DeliveryRequest<WebhookConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    try {
      const res = await safeRequest(req.notification.config.url, {
        body: payloadJson(req.payload),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Herald-Webhook/1',
          'x-herald-event': req.event,
          'x-herald-delivery': req.deliveryId,
          'x-herald-notification': req.notification.uuid,
        },
        signal: ctx.signal,
        timeoutMs: ctx.timeoutMs,
      });
      const retryAfter = res.headers['retry-after'];
      return outcomeFromHttp(res.status, res.body, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    } catch (err) {
      return outcomeFromRequestError(err, ctx.signal);
    }
  }
}
