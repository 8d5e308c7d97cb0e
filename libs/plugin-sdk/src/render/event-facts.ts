import { isWebLink } from '../html-escape';

/** One labelled line about an event, e.g. `{ name: 'Tags', value: 'latest, 1.2' }`. */
export interface EventFact {
  name: string;
  value: string;
  /** Where the value leads (the repository's page, the commit, the advisory), for receivers that render links; http(s). */
  link?: string;
}

export interface EventFactOptions {
  /** List at most this many tags, then Quay's "(and N more)"; all of them by default. */
  maxTags?: number;
}

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const obj = (v: unknown): Json | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;

/** Fields the facts below already show (or that mean nothing to a reader, like the trigger's id). */
const SHOWN = new Set([
  'repository',
  'namespace',
  'name',
  'homepage',
  'docker_url',
  'updated_tags',
  'docker_tags',
  'tags',
  'build_id',
  'trigger_kind',
  'trigger_id',
  'trigger_metadata',
  'vulnerability',
  'error_message',
]);

/** Pushes carry `updated_tags` (tag to digest, or a list), builds `docker_tags`, the others `tags`. */
function tagsOf(payload: Json): string[] {
  const updated = payload.updated_tags;
  if (Array.isArray(updated)) return updated.map(String);
  if (obj(updated)) return Object.keys(updated as Json);
  for (const field of ['docker_tags', 'tags']) {
    const list = payload[field];
    if (Array.isArray(list)) return list.map(String);
  }
  return [];
}

/** Quay lists a few tags and "(and N more)". */
function tagList(tags: string[], max: number): string {
  const shown = tags.slice(0, max).join(', ');
  return tags.length > max ? `${shown} (and ${tags.length - max} more)` : shown;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return str(value);
  if (Array.isArray(value) && value.length && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.join(', ');
  }
  return undefined;
}

const label = (field: string) => {
  const words = field.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * What a chat message or card says about an event, as labelled lines in reading order: the known fields of the
 * catalogue's payloads first, then every other top-level scalar field, so that event kinds added later (and fields a
 * registry adds) still show up without changes here. Values are not truncated: each plugin knows its receiver's limits.
 */
export function eventFacts(payload: Json, opts: EventFactOptions = {}): EventFact[] {
  const facts: EventFact[] = [];
  const add = (name: string, value: string | undefined, link?: unknown) => {
    if (value !== undefined) facts.push({ name, value, ...(isWebLink(link) ? { link } : {}) });
  };
  add('Repository', str(payload.repository), payload.homepage);
  const tags = tagsOf(payload);
  add(tags.length === 1 ? 'Tag' : 'Tags', tags.length ? tagList(tags, opts.maxTags ?? Infinity) : undefined);
  add('Build', str(payload.build_id));
  const trigger = obj(payload.trigger_metadata) ?? {};
  const triggerKind = str(payload.trigger_kind);
  const ref = str(trigger.ref);
  add('Trigger', triggerKind || ref ? [triggerKind, ref].filter(Boolean).join(' ') : undefined);
  const commit = str(trigger.commit);
  const message = str(obj(trigger.commit_info)?.message)?.split('\n')[0];
  const commitUrl = obj(trigger.commit_info)?.url;
  add('Commit', commit ? [commit.slice(0, 7), message].filter(Boolean).join(' ') : undefined, commitUrl);
  const vulnerability = obj(payload.vulnerability);
  if (vulnerability) {
    const id = str(vulnerability.id);
    const priority = str(vulnerability.priority);
    add('Vulnerability', id ? (priority ? `${id} (${priority})` : id) : undefined, vulnerability.link);
    add('Description', str(vulnerability.description));
    if (typeof vulnerability.has_fix === 'boolean') add('Fix available', vulnerability.has_fix ? 'yes' : 'no');
    add('Details', str(vulnerability.link));
  }
  add('Error', str(payload.error_message));
  add('Image', str(payload.docker_url));
  for (const [field, value] of Object.entries(payload)) {
    if (!SHOWN.has(field)) add(label(field), scalar(value));
  }
  return facts;
}
