import { SourceInputError } from '@herald/plugin-sdk';

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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

/** Parses the envelope, or throws SourceInputError naming what is wrong (the 400's reason). */
export function parseEnvelope(body: Buffer): DistributionEvent[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new SourceInputError('the body is not JSON');
  }
  if (!isObject(parsed) || !Array.isArray(parsed.events)) {
    throw new SourceInputError('the body must be an envelope {"events": [...]}');
  }
  return parsed.events.map((event: unknown, i) => checkEvent(event, `events[${i}]`));
}

function checkEvent(event: unknown, at: string): DistributionEvent {
  if (!isObject(event)) throw new SourceInputError(`${at} must be an object`);
  if (typeof event.id !== 'string' || !event.id) throw new SourceInputError(`${at}.id must be a non-empty string`);
  if (typeof event.action !== 'string' || !event.action) throw new SourceInputError(`${at}.action must be a string`);
  const target = event.target;
  if (!isObject(target)) throw new SourceInputError(`${at}.target must be an object`);
  if (typeof target.repository !== 'string' || !target.repository) {
    throw new SourceInputError(`${at}.target.repository must be a non-empty string`);
  }
  for (const field of ['mediaType', 'digest', 'url', 'tag'] as const) {
    if (!optionalString(target[field])) throw new SourceInputError(`${at}.target.${field} must be a string`);
  }
  const request = event.request;
  if (request !== undefined && (!isObject(request) || !optionalString(request.host))) {
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
