import type { DeliveryContext, DeliveryOutcome } from './delivery.types';
import { ForbiddenDestinationError } from './http/forbidden-destination.error';
import { httpsRefusal } from './http/https-only.policy';
import { safeRequest } from './http/safe-http.client';
import { outcomeFromHttp } from './http-outcome';
import { outcomeFromRequestError } from './request-error';

export interface PostJsonOptions {
  /** Names the sender to the receiver, e.g. "Herald-Slack/1". */
  userAgent: string;
  /** Refuse plain http:// except to hosts listed in HERALD_OUTBOUND_ALLOW (see `httpsRefusal`). */
  httpsOnly?: boolean;
}

/**
 * One JSON POST through `safeRequest`, read the standard way (`outcomeFromHttp`, Retry-After honoured) and never
 * throwing (`outcomeFromRequestError`): the whole delivery of actions whose only work is building a body.
 */
export async function postJsonForOutcome(
  url: string,
  body: string,
  ctx: DeliveryContext,
  opts: PostJsonOptions,
): Promise<DeliveryOutcome> {
  const headers = { 'content-type': 'application/json', 'user-agent': opts.userAgent };
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
