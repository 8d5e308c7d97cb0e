import type { DeliveryOutcome } from '@herald/plugin-sdk';

interface SmtpError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
}

/**
 * An SMTP failure as an outcome: a 5xx reply (but 503, a session out of step) refuses this message for good; a 4xx
 * reply, a refused or dropped connection, a TLS or authentication hiccup and a timeout are worth another try.
 */
export function outcomeFromSmtpError(err: unknown, signal: AbortSignal): DeliveryOutcome {
  const e = (err ?? {}) as SmtpError;
  if (signal.aborted) return { status: 'retry', reason: 'timed out', errorClass: 'timeout' };
  const reply = e.responseCode;
  const reason = e.response ? `SMTP ${e.response}` : [e.code, e.message ?? String(err)].filter(Boolean).join(': ');
  const detail = { responseBody: e.response, errorClass: reply ? `smtp_${Math.floor(reply / 100)}xx` : 'network' };
  if (reply && reply >= 500 && reply !== 503) return { status: 'failed', reason, ...detail };
  const tls = typeof e.code === 'string' && /TLS|CERT|SSL/.test(`${e.code} ${e.message ?? ''}`);
  return { status: 'retry', reason, ...detail, errorClass: reply ? detail.errorClass : tls ? 'tls' : 'network' };
}
