const serialized = new WeakMap<object, string>();

/**
 * The event payload as JSON, serialised once per event: every delivery of one event shares its payload object, and
 * the history and most plugins need the same text.
 */
export function payloadJson(payload: Record<string, unknown>): string {
  let json = serialized.get(payload);
  if (json === undefined) {
    json = JSON.stringify(payload);
    serialized.set(payload, json);
  }
  return json;
}

/**
 * Records the JSON text a payload was parsed from, so that it goes out as the registry sent it and is never serialised
 * again. Only for text that parses to exactly this payload.
 */
export function rememberPayloadJson(payload: Record<string, unknown>, json: string): void {
  serialized.set(payload, json);
}
