import type { DeliveryContext, DeliveryOutcome } from '../delivery.types';
import { outcomeFromResponse } from '../http-outcome';
import { outcomeFromRequestError } from '../request-error';
import { safeRequest, SafeResponse } from './safe-http.client';

export interface DeliverJsonOptions {
  userAgent: string;
  headers?: Record<string, string>;
  /** How the answer reads as an outcome; `outcomeFromResponse` unless the receiver has its own conventions. */
  outcome?: (res: SafeResponse) => DeliveryOutcome;
}

/**
 * POSTs a body the plugin built (a card, an embed, a chat message) as UTF-8 JSON through `safeRequest` and returns the
 * outcome, never throwing: the whole of `deliver()` for most chat-like actions. Not for the event itself: forward
 * `payloadJson(req.payload)`, the registry's own bytes, with `safeRequest`.
 */
export async function deliverJson(
  url: string,
  body: object,
  ctx: DeliveryContext,
  opts: DeliverJsonOptions,
): Promise<DeliveryOutcome> {
  try {
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
