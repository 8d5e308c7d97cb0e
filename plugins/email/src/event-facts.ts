/** One labelled line of an event mail; `link` makes the value clickable. */
export interface EventFact {
  label: string;
  value: string;
  link?: string;
}

const MAX_TAGS = 10;

const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** Quay lists a few tags and "(and N more)". */
function tagList(tags: string[]): string {
  const shown = tags.slice(0, MAX_TAGS).join(', ');
  return tags.length > MAX_TAGS ? `${shown} (and ${tags.length - MAX_TAGS} more)` : shown;
}

function tagsOf(payload: Record<string, unknown>): string[] {
  for (const field of ['updated_tags', 'docker_tags', 'tags']) {
    const value = payload[field];
    if (Array.isArray(value)) return value.map(String);
    if (value && typeof value === 'object') return Object.keys(value);
  }
  return [];
}

/**
 * What a reader needs to know about any event, read from the fields Quay's payloads share (repository, tags, build,
 * trigger, vulnerability, homepage), so that an event kind added to the catalogue later still reads well.
 */
export function eventFacts(payload: Record<string, unknown>): EventFact[] {
  const facts: EventFact[] = [];
  const add = (label: string, value: unknown, link?: unknown) => {
    const v = text(value);
    if (v !== undefined) facts.push({ label, value: v, ...(text(link) ? { link: text(link) } : {}) });
  };
  add('Repository', payload.repository, payload.homepage);
  const tags = tagsOf(payload);
  if (tags.length) add(tags.length === 1 ? 'Tag' : 'Tags', tagList(tags));
  add('Build', payload.build_name ?? payload.build_id);
  const trigger = (payload.trigger_metadata ?? {}) as Record<string, unknown>;
  add('Trigger', payload.trigger_kind);
  add('Ref', trigger.ref);
  add('Commit', trigger.commit, (trigger.commit_info as Record<string, unknown> | undefined)?.url);
  add('Error', payload.error_message);
  const vuln = (payload.vulnerability ?? {}) as Record<string, unknown>;
  add('Vulnerability', vuln.id, vuln.link);
  add('Severity', vuln.priority);
  add('Description', vuln.description);
  if (typeof vuln.has_fix === 'boolean') add('Fix available', vuln.has_fix ? 'yes' : 'no');
  add('Message', payload.message);
  add('Pull', payload.docker_url);
  add('Details', payload.homepage, payload.homepage);
  return facts;
}
