import { DeliveryOutcome, outcomeFromResponse, SafeResponse } from '@herald/plugin-sdk';

const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Discord answers a rate-limited call with 429 and `{"retry_after": <seconds, fractional>, "global": bool}`: more
 * precise than its Retry-After header, which is whole seconds. The body wins when it says; otherwise the header.
 */
export function discordOutcome(res: Pick<SafeResponse, 'status' | 'body' | 'headers'>): DeliveryOutcome {
  const outcome = outcomeFromResponse(res);
  if (res.status !== 429 || outcome.status !== 'retry') return outcome;
  let seconds: unknown;
  try {
    seconds = (JSON.parse(res.body) as { retry_after?: unknown }).retry_after;
  } catch {
    return outcome;
  }
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return outcome;
  return { ...outcome, retryAfterMs: Math.min(Math.ceil(seconds * 1000), MAX_RETRY_AFTER_MS) };
}
