/** Text from a payload, safe in HTML text and in a double- or single-quoted attribute: the events' own escaping. */
export { escapeHtml } from '@herald/events';

/**
 * Whether a value from a payload may become a link: an http(s) URL the WHATWG parser reads, without whitespace.
 * Receivers refuse other schemes, and a `javascript:` homepage must never be clickable.
 */
export function isWebLink(value: unknown): value is string {
  if (typeof value !== 'string' || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
