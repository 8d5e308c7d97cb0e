// Quay's SlackAdjuster, for the catalogue's HTML (which escapes every value and uses only a, b, strong, i, br):
// line breaks in the source are dropped and runs of spaces collapsed, <br> becomes a newline, <a href=u>l</a> becomes
// <u|l>, bold *, italic _, any other tag is dropped. Unlike Quay, text is re-escaped as Slack requires (&, <, >).

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower in ENTITIES) return ENTITIES[lower];
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
    return whole;
  });
}

/** Slack's own escaping of message text: only these three characters. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function hrefOf(attributes: string): string {
  const match = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
  return decodeEntities(match?.[1] ?? match?.[2] ?? match?.[3] ?? '');
}

const MARKS: Record<string, string> = { b: '*', strong: '*', i: '_' };

export function htmlToSlackMarkup(html: string): string {
  const flat = html
    .replace(/\n/g, '')
    .replace(/\s+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n');
  const out: string[] = [];
  const tag = /<(\/?)([a-z][a-z0-9]*)([^>]*)>/gi;
  let last = 0;
  for (let m = tag.exec(flat); m; m = tag.exec(flat)) {
    out.push(escapeSlack(decodeEntities(flat.slice(last, m.index))));
    last = tag.lastIndex;
    const [, closing, rawName, attributes] = m;
    const name = rawName.toLowerCase();
    if (name === 'a') out.push(closing ? '>' : `<${hrefOf(attributes)}|`);
    else if (name in MARKS) out.push(MARKS[name]);
  }
  out.push(escapeSlack(decodeEntities(flat.slice(last))));
  return out.join('');
}
