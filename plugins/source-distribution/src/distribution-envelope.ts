import { parseSourceJsonValue, SourceInputError, sourceObject, sourceString } from '@herald/plugin-sdk';

/**
 * The parts of a CNCF distribution notification event Herald reads (docs/notifications.md of distribution/distribution:
 * `{"events": [{id, timestamp, action, target, request, actor, source}]}`). Everything else is ignored.
 */
export interface DistributionEvent {
  id: string;
  action: string;
  target: {
    mediaType?: string;
    digest?: string;
    repository: string;
    url?: string;
    tag?: string;
  };
  request?: { host?: string };
}

/** Manifest media types distribution stores (Docker schema 1 and 2, OCI): their events are about images. */
const MANIFEST_MEDIA_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
]);

const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

/** Parses the envelope, or throws SourceInputError naming what is wrong (the 400's reason). */
export function parseEnvelope(body: Buffer): DistributionEvent[] {
  const envelope = parseSourceJsonValue(body);
  const events = (envelope as { events?: unknown } | null)?.events;
  if (typeof envelope !== 'object' || Array.isArray(envelope) || !Array.isArray(events)) {
    throw new SourceInputError('the body must be an envelope {"events": [...]}');
  }
  return events.map((event: unknown, i) => checkEvent(event, `events[${i}]`));
}

function checkEvent(value: unknown, at: string): DistributionEvent {
  const event = sourceObject(value, at);
  sourceString(event, 'id', at);
  sourceString(event, 'action', at);
  const target = sourceObject(event.target, `${at}.target`);
  sourceString(target, 'repository', `${at}.target`);
  for (const field of ['mediaType', 'digest', 'url', 'tag'] as const) {
    if (!optionalString(target[field])) throw new SourceInputError(`${at}.target.${field} must be a string`);
  }
  if (event.request !== undefined && !optionalString(sourceObject(event.request, `${at}.request`).host)) {
    throw new SourceInputError(`${at}.request.host must be a string`);
  }
  return event as unknown as DistributionEvent;
}

/** A manifest (an image or an index) rather than a blob (a layer or a config): by media type, else by URL. */
export function isManifest(event: DistributionEvent): boolean {
  const { mediaType, url } = event.target;
  if (mediaType) return MANIFEST_MEDIA_TYPES.has(mediaType);
  return !!url && /\/manifests\//.test(url);
}
