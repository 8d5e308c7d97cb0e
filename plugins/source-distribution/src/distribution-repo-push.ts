import { repoPushAggregationKey, SourceEvent, sourceRepositoryFields } from '@herald/plugin-sdk';
import type { DistributionEvent } from './distribution-envelope';

/** Source settings this mapping reads (HERALD_SOURCE_DISTRIBUTION_<KEY>). */
export interface DistributionSettings {
  /** The registry's public host (and port) for `docker_url`; default: the Host the client pushed to. */
  registry_host?: string;
  /**
   * `homepage` template: `{repository}`, `{namespace}`, `{name}` and `{host}` are replaced. Unset: the registry API's
   * tag list, `https://{host}/v2/{repository}/tags/list` (the scheme of the event's URL when no registry_host is set):
   * distribution has no web pages of its own. `homepage_template`, the other sources' name, is read too.
   */
  homepage_url?: string;
  homepage_template?: string;
}

export const EVENT_ID_PREFIX = 'distribution:';

/** The repo_push of a manifest pushed with a tag (the caller checked both). */
export function repoPushOf(event: DistributionEvent, settings: DistributionSettings): SourceEvent {
  const { repository, tag, digest } = event.target;
  const url = parseUrl(event.target.url);
  const scheme = !settings.registry_host && url ? url.protocol.slice(0, -1) : 'https';
  const fields = sourceRepositoryFields(repository, {
    host: event.request?.host || url?.host || 'localhost',
    settings: {
      ...(settings.registry_host ? { registry_host: settings.registry_host } : {}),
      homepage_template: settings.homepage_template || settings.homepage_url || '',
    },
    defaultHomepage: `${scheme}://{host}/v2/{repository}/tags/list`,
  });
  return {
    kind: 'repo_push',
    payload: { ...fields, updated_tags: { [tag as string]: digest ?? '' } },
    id: `${EVENT_ID_PREFIX}${event.id}`,
    aggregationKey: repoPushAggregationKey(repository),
  };
}

function parseUrl(url: string | undefined): URL | undefined {
  try {
    return url ? new URL(url) : undefined;
  } catch {
    return undefined;
  }
}
