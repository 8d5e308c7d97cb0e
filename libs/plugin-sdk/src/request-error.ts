import type { DeliveryOutcome } from './delivery.types';
import { isForbiddenDestination } from './http/forbidden-destination.error';

/**
 * A request that failed before any HTTP answer (refused, reset, DNS, TLS, timeout) is the target's failure and worth a
 * retry, except one the outbound policy refused; plugins turn it into an outcome instead of throwing, so the host can tell it apart from a plugin crash.
 */
export function outcomeFromRequestError(err: unknown, signal: AbortSignal): DeliveryOutcome {
  const e = err as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const code = e?.code ?? e?.cause?.code;
  // Retrying cannot change where the address points: final, with the reason in the history.
  if (isForbiddenDestination(err)) {
    return { status: 'failed', reason: err.message, errorClass: 'forbidden_destination' };
  }
  if (signal.aborted) return { status: 'retry', reason: 'timed out', errorClass: 'timeout' };
  const message = [e?.message, e?.cause?.message].filter(Boolean).join(': ') || String(err);
  const tls = typeof code === 'string' && /CERT|SSL|TLS|VERIFY|SELF_SIGNED/.test(code);
  return { status: 'retry', reason: code ? `${code}: ${message}` : message, errorClass: tls ? 'tls' : 'network' };
}
