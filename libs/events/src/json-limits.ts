/** Bounds on the work one event may cost, checked before the payload is parsed into objects. */
export interface JsonLimits {
  /** Largest body in bytes (NATS's own default max_payload is 1 MiB). */
  maxBytes: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most values in all (object members and array elements, at any depth). */
  maxFields: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxBytes: 1024 * 1024, maxDepth: 64, maxFields: 10_000 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/**
 * One pass over the text without recursion, so a hostile body costs linear time and constant stack: returns why the
 * text exceeds the limits, or undefined. Malformed JSON is left to JSON.parse, which explains it better.
 */
export function exceedsJsonLimits(text: string, limits: JsonLimits): string | undefined {
  let depth = 0;
  let fields = 0;
  // Whether the current container has seen a value yet: "[]" and "{}" hold none, "[1]" holds one.
  let empty = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
      if (empty) {
        empty = false;
        fields++;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (empty) fields++;
      if (++depth > limits.maxDepth) return `payload nests deeper than ${limits.maxDepth} levels`;
      empty = true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      empty = false;
    } else if (c === COMMA) {
      fields++;
    } else if (empty && !isSpace(c)) {
      empty = false;
      fields++;
    }
    if (fields > limits.maxFields) return `payload has more than ${limits.maxFields} fields`;
  }
  return undefined;
}
