import type { Type } from '@nestjs/common';
import type { ActionPlugin } from './action-plugin.interface';
import { baseUrlRefusals } from './base-url.setting';
import type { DeliveryContext, DeliveryOutcome, DeliveryRequest } from './delivery.types';
import { deliverJson } from './http/deliver-json';

/** What a request to a deployment-wide service is: a path (and query) below its base URL, and a JSON body. */
export interface BaseUrlRequest {
  path: string;
  /** Sent as JSON in its key order. */
  body: object;
}

/**
 * An action that POSTs JSON to one service per deployment (HipChat, Flowdock): the base URL is the operator's setting,
 * checked against the outbound policy when a notification is created; subclasses only say what to send.
 */
export abstract class BaseUrlActionPlugin<C extends object> implements ActionPlugin<C> {
  abstract readonly method: string;
  abstract readonly configClass: Type<C>;
  /** The environment variable holding the base URL, named in errors. */
  protected abstract readonly baseUrlVariable: string;
  protected abstract readonly userAgent: string;

  /** Read on every call, so a test kit may point `baseUrl` at its receivers. */
  constructor(protected readonly settings: { readonly baseUrl: string }) {}

  protected abstract render(req: DeliveryRequest<C>): BaseUrlRequest;

  checkConfig(): Promise<string[]> {
    return baseUrlRefusals(this.baseUrlVariable, this.settings.baseUrl);
  }

  deliver(req: DeliveryRequest<C>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const { path, body } = this.render(req);
    // Quay's content type, bare: receivers written for Quay see the request they know.
    const headers = { 'content-type': 'application/json' };
    return deliverJson(`${this.settings.baseUrl}${path}`, body, ctx, { userAgent: this.userAgent, headers });
  }
}
