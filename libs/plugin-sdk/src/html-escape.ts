const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from a payload, safe in HTML text and in a double- or single-quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Only http(s) links become anchors: a `javascript:` homepage from a payload must not be clickable. */
export function isWebLink(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}
