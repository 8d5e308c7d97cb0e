import { Injectable } from '@nestjs/common';
import {
  ActionPlugin,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  HeraldActionPlugin,
  outcomeFromResponse,
  outcomeFromRequestError,
  payloadJson,
  PreparedConfig,
  safeRequest,
  SafeTlsOptions,
  SecretRotationContext,
  urlDestinationErrors,
} from '@herald/plugin-sdk';
import { CLOUDEVENTS_CONTENT_TYPE, cloudEventBody } from './webhook-cloudevent';
import { WebhookConfig } from './webhook-config.dto';
import { generateSigningSecret, signatureHeaders } from './webhook-signing';
import { renderTemplate } from './webhook-template';
import { webhookTlsFromEnv } from './webhook-tls.settings';

export const SIGNING_OVERLAP_ENV = 'HERALD_WEBHOOK_SIGNING_OVERLAP_MS';
const DEFAULT_SIGNING_OVERLAP_MS = 24 * 3600_000;

function signingOverlapMs(env: NodeJS.ProcessEnv): number {
  const raw = env[SIGNING_OVERLAP_ENV]?.trim();
  if (!raw) return DEFAULT_SIGNING_OVERLAP_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`${SIGNING_OVERLAP_ENV} must be a whole number of milliseconds`);
  return ms;
}

@Injectable()
@HeraldActionPlugin()
export class WebhookPlugin implements ActionPlugin<WebhookConfig> {
  readonly method = 'webhook';
  readonly title = 'Webhook POST';
  readonly description = "POSTs the event's JSON (or a template rendered from it) to a URL";
  readonly configClass = WebhookConfig;
  /** The deployment's client certificate and CA bundle, read when the plugin starts. */
  private readonly tls: SafeTlsOptions | undefined = webhookTlsFromEnv(process.env);
  private readonly overlapMs = signingOverlapMs(process.env);

  /** The outbound policy at creation too, so an admin learns at once that an address will never be called. */
  async checkConfig(config: WebhookConfig): Promise<string[]> {
    const errors: string[] = [];
    if (config.template !== undefined && config.format === 'cloudevents') {
      errors.push("config.format: cloudevents sends the event's own JSON as data; leave out config.template");
    }
    errors.push(...(await urlDestinationErrors('url', config.url)));
    return errors;
  }

  /** With signing on, a secret of the notification's own, shown once in the creation answer. */
  async prepareConfig(config: WebhookConfig): Promise<PreparedConfig> {
    if (config.signing !== true) return { config: { ...config } };
    return { config: { ...config, signing_secret: generateSigningSecret() }, reveal: ['signing_secret'] };
  }

  /** A new secret; the old one still signs beside it for the overlap, so receivers can switch without a gap. */
  async rotateSecrets(
    config: WebhookConfig,
    { now }: SecretRotationContext,
  ): Promise<PreparedConfig | { errors: string[] }> {
    if (config.signing !== true || !config.signing_secret) {
      return { errors: ['config.signing: this notification does not sign its calls: there is no secret to rotate'] };
    }
    return {
      config: {
        ...config,
        signing_secret: generateSigningSecret(),
        signing_secret_previous: config.signing_secret,
        signing_secret_previous_expires_at: new Date(now.getTime() + this.overlapMs).toISOString(),
      },
      reveal: ['signing_secret'],
    };
  }

  async deliver(req: DeliveryRequest<WebhookConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const config = req.notification.config;
    const cloudEvents = config.format === 'cloudevents';
    let body: string;
    if (cloudEvents) body = cloudEventBody(req);
    else if (config.template !== undefined) body = renderTemplate(config.template, req.payload);
    else body = payloadJson(req.payload);
    try {
      const res = await safeRequest(config.url, {
        body,
        headers: {
          ...config.headers,
          'content-type': cloudEvents ? CLOUDEVENTS_CONTENT_TYPE : 'application/json',
          'user-agent': 'Herald-Webhook/1',
          'x-herald-event': req.event,
          'x-herald-delivery': req.deliveryId,
          'x-herald-notification': req.notification.uuid,
          ...this.signing(config, req.deliveryId, body),
        },
        signal: ctx.signal,
        timeoutMs: ctx.timeoutMs,
        tls: this.tls,
      });
      return outcomeFromResponse(res);
    } catch (err) {
      return outcomeFromRequestError(err, ctx.signal);
    }
  }

  private signing(config: WebhookConfig, id: string, body: string): Record<string, string> | undefined {
    if (config.signing !== true || !config.signing_secret) return undefined;
    const now = new Date();
    const secrets = [config.signing_secret];
    const previousUntil = Date.parse(config.signing_secret_previous_expires_at ?? '');
    if (config.signing_secret_previous && previousUntil > now.getTime()) secrets.push(config.signing_secret_previous);
    return signatureHeaders(secrets, id, body, now);
  }
}
