import { createHash } from 'node:crypto';
import type { SourceEvent } from '@herald/plugin-sdk';
import type { DistributionEvent } from './distribution-envelope';

/** Source settings this mapping reads (HERALD_SOURCE_DISTRIBUTION_<KEY>). */
export interface DistributionSettings {
  /** The registry's public host (and port) for `docker_url`; default: the Host the client pushed to. */
  registry_host?: string;
  /**
   * `homepage` template: `{repository}`, `{namespace}`, `{name}` and `{host}` are replaced. Unset: the registry API's
   * tag list, `https://{host}/v2/{repository}/tags/list` (the scheme of the event's URL when no registry_host is set):
   * distribution has no web pages of its own.
   */
  homepage_url?: string;
}

export const EVENT_ID_PREFIX = 'distribution:';

/** `repo_push:<repository>`: a push of several tags to one repository is one operation. */
export const aggregationKeyOf = (repository: string) => `repo_push:${repository}`;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(repository|namespace|name|host)\}/g, (_m, key: string) => values[key]);
}

/** The repo_push of a manifest pushed with a tag (the caller checked both). */
export function repoPushOf(event: DistributionEvent, settings: DistributionSettings): SourceEvent {
  const { repository, tag, digest } = event.target;
  const slash = repository.indexOf('/');
  const namespace = repository.slice(0, slash);
  const name = repository.slice(slash + 1);
  const url = parseUrl(event.target.url);
  const host = settings.registry_host || event.request?.host || url?.host || 'localhost';
  const scheme = !settings.registry_host && url ? url.protocol.slice(0, -1) : 'https';
  const homepage = settings.homepage_url || `${scheme}://{host}/v2/{repository}/tags/list`;
  const payload: Record<string, unknown> = {
    repository,
    namespace,
    name,
    docker_url: `${host}/${repository}`,
    homepage: fill(homepage, { repository, namespace, name, host }),
    updated_tags: { [tag as string]: digest ?? '' },
  };
  return {
    kind: 'repo_push',
    payload,
    id: `${EVENT_ID_PREFIX}${event.id}`,
    aggregationKey: aggregationKeyOf(repository),
  };
}

function parseUrl(url: string | undefined): URL | undefined {
  try {
    return url ? new URL(url) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One repo_push for several of one repository: the first's fields, the union of their tags (a tag pushed twice keeps
 * its newest digest), and an id derived from every part's id, so the same parts always merge to the same id.
 */
export function mergeRepoPushes(events: readonly SourceEvent[]): SourceEvent {
  if (events.length === 0) throw new TypeError('nothing to merge');
  if (events.length === 1) return events[0];
  const updated: Record<string, string> = {};
  for (const e of events) Object.assign(updated, e.payload.updated_tags as Record<string, string>);
  const digest = createHash('sha256')
    .update(events.map((e) => e.id).join('\n'))
    .digest('hex');
  return {
    ...events[0],
    payload: { ...events[0].payload, updated_tags: updated },
    id: `${EVENT_ID_PREFIX}merged:${digest}`,
  };
}
