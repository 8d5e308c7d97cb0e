import type { DeliveryContext, DeliveryOutcome } from '../delivery.types';
import { outcomeFromResponse } from '../http-outcome';
import { outcomeFromRequestError } from '../request-error';
import { ForbiddenDestinationError } from './forbidden-destination.error';
import { httpsRefusal } from './https-only.policy';
import { safeRequest, SafeResponse } from './safe-http.client';

export interface DeliverJsonOptions {
  /** Names the sender to the receiver, e.g. "Herald-Slack/1". */
  userAgent: string;
  /** Sent after the defaults, so a plugin may also replace the content type (e.g. Quay's bare `application/json`). */
  headers?: Record<string, string>;
  /** Refuse plain http:// except to hosts listed in HERALD_OUTBOUND_ALLOW (see `httpsRefusal`). */
  httpsOnly?: boolean;
  /** How the answer reads as an outcome; `outcomeFromResponse` unless the receiver has its own conventions. */
  outcome?: (res: SafeResponse) => DeliveryOutcome;
}

/**
 * POSTs a body the plugin built (a card, an embed, a chat message) as UTF-8 JSON through `safeRequest` and returns the
 * outcome, never throwing: the whole of `deliver()` for most chat-like actions. `JSON.stringify` keeps the body's key
 * order, so a fixed wire format (Quay's bodies, golden files) is the object literal's order. Not for the event itself:
 * forward `payloadJson(req.payload)`, the registry's own bytes, with `safeRequest`.
 */
export async function deliverJson(
  url: string,
  body: object,
  ctx: DeliveryContext,
  opts: DeliverJsonOptions,
): Promise<DeliveryOutcome> {
  try {
    // Checked at creation too; again here since HERALD_OUTBOUND_ALLOW may have changed since.
    const refusal = opts.httpsOnly ? httpsRefusal(url) : undefined;
    if (refusal) throw new ForbiddenDestinationError(refusal);
    const res = await safeRequest(url, {
      body: JSON.stringify(body),
      // The charset is declared so no receiver guesses the encoding (a guess of UTF-16 would double the size).
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': opts.userAgent, ...opts.headers },
      signal: ctx.signal,
      timeoutMs: ctx.timeoutMs,
    });
    return (opts.outcome ?? outcomeFromResponse)(res);
  } catch (err) {
    return outcomeFromRequestError(err, ctx.signal);
  }
}
