import { Injectable } from '@nestjs/common';
import { request } from 'undici';
import {
  ActionPlugin,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  HeraldActionPlugin,
  outcomeFromHttp,
  outcomeFromRequestError,
  payloadJson,
} from '@herald/plugin-sdk';
import { WebhookConfig } from './webhook-config.dto';

/** Enough of the receiver's answer to diagnose a failure; the rest is discarded unread. */
const MAX_RESPONSE_BYTES = 4096;

/** Stream events rather than `for await`: an async iterator per response is a measurable share of the garbage. */
function readCapped(body: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    body.once('end', () => resolve(Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8')));
    body.once('error', reject);
  });
}

@Injectable()
@HeraldActionPlugin()
export class WebhookPlugin implements ActionPlugin<WebhookConfig> {
  readonly method = 'webhook';
  readonly configClass = WebhookConfig;

  async deliver(req: DeliveryRequest<WebhookConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    try {
      const res = await request(req.notification.config.url, {
        method: 'POST',
        body: payloadJson(req.payload),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Herald-Webhook/1',
          'x-herald-event': req.event,
          'x-herald-delivery': req.deliveryId,
          'x-herald-notification': req.notification.uuid,
        },
        signal: ctx.signal,
        headersTimeout: ctx.timeoutMs,
        bodyTimeout: ctx.timeoutMs,
      });
      const body = await readCapped(res.body);
      const retryAfter = res.headers['retry-after'];
      return outcomeFromHttp(res.statusCode, body, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    } catch (err) {
      return outcomeFromRequestError(err, ctx.signal);
    }
  }
}
