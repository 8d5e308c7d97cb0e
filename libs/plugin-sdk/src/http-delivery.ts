import type { DeliveryContext, DeliveryOutcome } from './delivery.types';
import { ForbiddenDestinationError } from './http/forbidden-destination.error';
import { httpsRefusal } from './http/https-only.policy';
import { safeRequest } from './http/safe-http.client';
import { outcomeFromHttp } from './http-outcome';
import { outcomeFromRequestError } from './request-error';

/**
 * One POST through `safeRequest`, read the standard way (`outcomeFromHttp`, Retry-After honoured) and never throwing
 * (`outcomeFromRequestError`): the whole delivery of actions whose only work is building a body.
 */
export async function postForOutcome(
  url: string,
  body: string,
  headers: Record<string, string>,
  ctx: DeliveryContext,
  opts: { httpsOnly?: boolean } = {},
): Promise<DeliveryOutcome> {
  try {
    // Checked at creation too; again here since HERALD_OUTBOUND_ALLOW may have changed since.
    const refusal = opts.httpsOnly ? httpsRefusal(url) : undefined;
    if (refusal) throw new ForbiddenDestinationError(refusal);
    const res = await safeRequest(url, { body, headers, signal: ctx.signal, timeoutMs: ctx.timeoutMs });
    const retryAfter = res.headers['retry-after'];
    return outcomeFromHttp(res.status, res.body, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  } catch (err) {
    return outcomeFromRequestError(err, ctx.signal);
  }
}
