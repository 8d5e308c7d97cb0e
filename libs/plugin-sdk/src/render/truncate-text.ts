const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` UTF-16 units, ending in an ellipsis when cut. Never splits a surrogate pair, so the result
 * is valid Unicode; chat services count characters, which are never more than UTF-16 units.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - ELLIPSIS.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, Math.max(end, 0))}${ELLIPSIS}`;
}
