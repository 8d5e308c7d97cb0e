/** RFC 9110 token characters: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Visible characters, spaces and tabs: no CR, LF or NUL, so no header can be split or smuggled. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Names an admin may not set: hop-by-hop headers, the framing and target of the request (which the HTTP client owns),
 * and what Herald itself sends to identify and sign the call, which a receiver must be able to trust.
 */
const RESERVED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'content-type',
  'expect',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
]);
const RESERVED_PREFIX = 'x-herald-';

export const MAX_HEADERS = 32;
const MAX_VALUE_CHARS = 8192;

/** Why a `headers` config cannot be sent, if it cannot: the first problem, naming the header. */
export function headersProblem(headers: unknown): string | undefined {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    return 'must be an object of header names to string values';
  }
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) return `at most ${MAX_HEADERS} headers`;
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) return `"${name}" is not a valid header name`;
    if (RESERVED.has(lower) || lower.startsWith(RESERVED_PREFIX))
      return `"${name}" is set by Herald and cannot be overridden`;
    if (seen.has(lower)) return `"${name}" is given twice`;
    seen.add(lower);
    if (typeof value !== 'string') return `the value of "${name}" must be a string`;
    if (value.length > MAX_VALUE_CHARS) return `the value of "${name}" is longer than ${MAX_VALUE_CHARS} characters`;
    if (!FIELD_VALUE.test(value)) return `the value of "${name}" holds a control character (CR, LF, NUL...)`;
  }
  return undefined;
}
