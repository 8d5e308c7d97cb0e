import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENT_CATALOGUE } from './event-catalogue';
import { EVENT_KINDS, EventKind, isEventKind } from './event-kind';
import { payloadAcceptor } from './payload-acceptor';
import { DEFAULT_JSON_LIMITS, exceedsJsonLimits, JsonLimits } from './json-limits';
import { formatValidationErrors } from './validation-errors';

export interface EventValidationSuccess {
  ok: true;
  kind: EventKind;
  /** The object given to validateEvent, untouched: unknown fields are kept for receivers that rely on them. */
  payload: Record<string, unknown>;
  /** From parseEventJson: the JSON text the payload was parsed from, as the registry sent it. */
  json?: string;
}

export interface EventValidationFailure {
  ok: false;
  reason: string;
  /** One message per problem; field problems name the field's dotted path. */
  errors: string[];
}

export type EventValidationResult = EventValidationSuccess | EventValidationFailure;

const VALIDATOR_OPTIONS = {
  // One message per field: "x is required" rather than that plus every type check failing on undefined.
  stopAtFirstError: true,
  validationError: { target: false, value: false },
} as const;

function failure(reason: string, errors: string[] = [reason]): EventValidationFailure {
  return { ok: false, reason, errors };
}

// Compares prototype chains rather than Object.prototype itself, so that objects made in another realm
// (vm contexts, jest environments, structuredClone there) still count as plain.
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return value.constructor?.name ? `a ${value.constructor.name}` : 'an object';
  return `a ${typeof value}`;
}

function unknownKind(kind: string): EventValidationFailure {
  return failure(`unknown event kind "${kind}"; expected one of: ${EVENT_KINDS.join(', ')}`);
}

/** Checks `data` against the payload class of `kind`; on success returns `data` itself, not a class instance. */
export function validateEvent(kind: string, data: unknown): EventValidationResult {
  if (!isEventKind(kind)) return unknownKind(kind);
  if (!isPlainObject(data)) return failure(`payload must be a JSON object, got ${describeValue(data)}`);

  const payloadClass = EVENT_CATALOGUE[kind].payloadClass;
  // Most events are valid: say so cheaply, and leave the explaining to class-validator.
  if (payloadAcceptor(payloadClass)?.(data)) return { ok: true, kind, payload: data };
  const instance = plainToInstance(payloadClass, data);
  const errors = formatValidationErrors(validateSync(instance, VALIDATOR_OPTIONS));
  if (errors.length > 0) return failure(`invalid ${kind} payload: ${errors.join('; ')}`, errors);
  return { ok: true, kind, payload: data };
}

// fatal: malformed UTF-8 is rejected rather than turned into U+FFFD and accepted.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a JSON message body (bytes from the bus or an HTTP body) and validates it as an event of `kind`. The body is
 * checked against the limits before it becomes objects, so no event can cost more than they allow.
 */
export function parseEventJson(
  kind: string,
  bytes: Uint8Array | string,
  limits: JsonLimits = DEFAULT_JSON_LIMITS,
): EventValidationResult {
  // An unknown kind is the more useful error, and spares parsing a body that cannot be accepted anyway.
  if (!isEventKind(kind)) return unknownKind(kind);
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > limits.maxBytes) return failure(`payload is ${size} bytes, more than the limit of ${limits.maxBytes}`);
  let text: string;
  let data: unknown;
  try {
    text = typeof bytes === 'string' ? bytes : utf8.decode(bytes);
    const excess = exceedsJsonLimits(text, limits);
    if (excess) return failure(excess);
    data = JSON.parse(text);
  } catch (error) {
    return failure(`payload is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = validateEvent(kind, data);
  return result.ok ? { ...result, json: text } : result;
}
