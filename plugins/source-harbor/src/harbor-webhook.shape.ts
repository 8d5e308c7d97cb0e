import { parseSourceJson, sourceArray, sourceObject, sourceString } from '@herald/plugin-sdk';
import { SourceInputError } from '@herald/plugin-sdk';

/** Harbor's "Default" webhook payload (src/pkg/notifier/model/event.go), the fields Herald reads. */
export interface HarborWebhook {
  type: string;
  occurAt: number;
  operator?: string;
  raw: Record<string, unknown>;
}

export interface HarborRepository {
  /** `repo_full_name`: project/name, e.g. library/nginx. */
  fullName: string;
  namespace?: string;
  name?: string;
}

export interface HarborResource {
  digest: string;
  /** Harbor puts the digest here when the artifact has no tag. */
  tag?: string;
  /** `<external host>/<repository>:<tag>` or `...@<digest>`. */
  resourceUrl?: string;
  scanOverview?: Record<string, unknown>;
}

/** The envelope every Harbor event has: its type and time; the rest is read per type. */
export function readHarborWebhook(body: Buffer): HarborWebhook {
  const raw = parseSourceJson(body);
  const type = sourceString(raw, 'type', '') as string;
  const occurAt = raw.occur_at;
  if (typeof occurAt !== 'number' || !Number.isInteger(occurAt)) {
    throw new SourceInputError('occur_at must be an integer (seconds since the epoch)');
  }
  return { type, occurAt, operator: sourceString(raw, 'operator', '', true), raw };
}

export function eventData(hook: HarborWebhook): Record<string, unknown> {
  return sourceObject(hook.raw.event_data, 'event_data');
}

export function readRepository(data: Record<string, unknown>): HarborRepository {
  const repo = sourceObject(data.repository, 'event_data.repository');
  const path = 'event_data.repository';
  const fullName = sourceString(repo, 'repo_full_name', path) as string;
  if (!/^[^/\s]+(\/[^/\s]+)+$/.test(fullName)) {
    throw new SourceInputError(`${path}.repo_full_name must look like project/name, got "${fullName}"`);
  }
  return {
    fullName,
    namespace: sourceString(repo, 'namespace', path, true),
    name: sourceString(repo, 'name', path, true),
  };
}

export function readResources(data: Record<string, unknown>): HarborResource[] {
  return sourceArray(data.resources, 'event_data.resources').map((value, i) => {
    const path = `event_data.resources[${i}]`;
    const r = sourceObject(value, path);
    const overview = r.scan_overview;
    return {
      digest: sourceString(r, 'digest', path) as string,
      tag: sourceString(r, 'tag', path, true),
      resourceUrl: sourceString(r, 'resource_url', path, true),
      scanOverview:
        overview === undefined || overview === null ? undefined : sourceObject(overview, `${path}.scan_overview`),
    };
  });
}

/** The host part of a resource_url (`harbor.example.com/library/nginx:v1` → `harbor.example.com`). */
export function hostOf(resourceUrl: string | undefined): string | undefined {
  return resourceUrl?.replace(/^[a-z]+:\/\//i, '').split('/')[0] || undefined;
}
