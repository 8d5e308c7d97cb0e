import { RepositoryEventPayload } from './repository-event.payload';

// Building blocks of the events' HTML messages (Quay's get_message): one line, every value escaped, links to the
// registry's own pages. Chat plugins turn this HTML into their markup; it only ever holds <a>, <b>, <i> and <br>.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

export function htmlLink(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}

/** The repository's page: `homepage` without a sub-page such as `/build/<id>` or a query. */
export function repositoryPage(payload: RepositoryEventPayload): string {
  const marker = `/repository/${payload.repository}`;
  const at = payload.homepage.indexOf(marker);
  return at >= 0 ? payload.homepage.slice(0, at + marker.length) : payload.homepage;
}

export function repositoryReference(payload: RepositoryEventPayload): string {
  return htmlLink(repositoryPage(payload), payload.repository);
}

export function tagReference(payload: RepositoryEventPayload, tag: string): string {
  return htmlLink(`${repositoryPage(payload)}?tab=tags&tag=${encodeURIComponent(tag)}`, tag);
}

/** Tag links joined by ", "; past `limit` tags, Quay's "(and N more)". */
export function tagReferences(payload: RepositoryEventPayload, tags: readonly string[], limit = Infinity): string {
  const shown = tags.slice(0, limit).map((tag) => tagReference(payload, tag));
  const more = tags.length > limit ? ` (and ${tags.length - limit} more)` : '';
  return shown.join(', ') + more;
}
