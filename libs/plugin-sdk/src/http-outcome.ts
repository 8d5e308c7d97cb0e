import type { DeliveryOutcome } from './delivery.types';
import type { SafeResponse } from './http/safe-http.client';

const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.min(Number(trimmed) * 1000, MAX_RETRY_AFTER_MS);
  // Only an IMF-fixdate ("Wed, 21 Oct 2015 07:28:00 GMT"): Date.parse reads almost anything as some date.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now, 0), MAX_RETRY_AFTER_MS);
}

/**
 * The usual reading of an HTTP answer for webhook-like actions: 2xx delivered; 429/503 retry (honouring Retry-After);
 * 410 Gone and other 4xx permanent; 3xx and 5xx retryable (a redirect is not followed: the target must be configured
 * with its real address).
 */
export function outcomeFromHttp(status: number, body: string, retryAfter?: string): DeliveryOutcome {
  if (status >= 200 && status < 300) return { status: 'delivered', httpStatus: status, responseBody: body };
  const detail = { httpStatus: status, responseBody: body };
  if (status === 429 || status === 503) {
    return { status: 'retry', reason: `HTTP ${status}`, retryAfterMs: parseRetryAfter(retryAfter), ...detail };
  }
  if (status === 410)
    return { status: 'failed', reason: 'HTTP 410 Gone: the receiver asked not to be called again', ...detail };
  if (status >= 400 && status < 500) return { status: 'failed', reason: `HTTP ${status}`, ...detail };
  return { status: 'retry', reason: `HTTP ${status}`, ...detail };
}

/** `outcomeFromHttp` for a `safeRequest` answer: its status, body and Retry-After header. */
export function outcomeFromResponse(res: Pick<SafeResponse, 'status' | 'body' | 'headers'>): DeliveryOutcome {
  const retryAfter = res.headers['retry-after'];
  return outcomeFromHttp(res.status, res.body, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
}
