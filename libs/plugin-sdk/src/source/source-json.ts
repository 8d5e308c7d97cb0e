import { SourceInputError } from './source-plugin.interface';

// fatal: a body that is not UTF-8 is refused rather than read with U+FFFD in it.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON bytes as a value, or a SourceInputError saying why not (the 400's reason). */
export function parseSourceJsonValue(body: Uint8Array, what = 'body'): unknown {
  try {
    return JSON.parse(utf8.decode(body));
  } catch (err) {
    throw new SourceInputError(`${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A request body as a JSON object, or a SourceInputError saying why not. */
export function parseSourceJson(body: Uint8Array, what = 'body'): Record<string, unknown> {
  return sourceObject(parseSourceJsonValue(body, what), what);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** `value` as an object; the error names the field by its path (`event_data.repository`). */
export function sourceObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SourceInputError(`${path} must be a JSON object, got ${kindOf(value)}`);
  }
  return value as Record<string, unknown>;
}

/** `value` as an array; the error names the field. */
export function sourceArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new SourceInputError(`${path} must be an array, got ${kindOf(value)}`);
  return value;
}

/** A non-empty string field of `obj` (at `path`); `optional` lets it be absent or empty, giving undefined. */
export function sourceString(
  obj: Record<string, unknown>,
  key: string,
  path: string,
  optional = false,
): string | undefined {
  const value = obj[key];
  if (optional && (value === undefined || value === null || value === '')) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new SourceInputError(`${path}.${key} must be a non-empty string, got ${kindOf(value)}`.replace(/^\./, ''));
  }
  return value;
}

/** A count (a non-negative integer) at `path`; absent counts as 0. */
export function sourceCount(value: unknown, path: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new SourceInputError(`${path} must be a count (a non-negative integer)`);
  }
  return value;
}
