import { Injectable } from '@nestjs/common';
import type {
  AggregatingSourcePlugin,
  SkippedSourceEvent,
  SourceContext,
  SourceEvent,
  SourceRequest,
  SourceTranslation,
} from '@herald/plugin-sdk';
import { HeraldSourcePlugin, mergeRepoPushes } from '@herald/plugin-sdk';
import { DistributionEvent, isManifest, parseEnvelope } from './distribution-envelope';
import { repoPushOf } from './distribution-repo-push';

export const DISTRIBUTION_MEDIA_TYPE = 'application/vnd.docker.distribution.events.v1+json';

/**
 * CNCF distribution (`registry`, Docker Hub's and GitLab's registry): a manifest pushed with a tag is a `repo_push`;
 * blobs, pulls, mounts, deletes and pushes by digest alone map to nothing and are counted as skipped.
 */
@Injectable()
@HeraldSourcePlugin()
export class DistributionSource implements AggregatingSourcePlugin {
  readonly name = 'distribution';
  readonly description = 'CNCF distribution (registry:2) notification endpoints: a tagged manifest push is a repo_push';
  readonly mediaTypes = [DISTRIBUTION_MEDIA_TYPE, 'application/json'];

  translate(request: SourceRequest, context: SourceContext): SourceTranslation {
    const events: SourceEvent[] = [];
    const skipped: SkippedSourceEvent[] = [];
    for (const event of parseEnvelope(request.body)) {
      const skip = skipReason(event);
      if (skip) skipped.push(skip);
      else events.push(repoPushOf(event, context.settings));
    }
    return { events, skipped };
  }

  /** The union of the pushes' tags (the newest digest of a tag pushed twice), under an id derived from all parts. */
  merge(events: readonly SourceEvent[]): SourceEvent {
    return mergeRepoPushes(events);
  }
}

function skipReason(event: DistributionEvent): SkippedSourceEvent | undefined {
  // A delete names a digest or a tag, without a media type: it is not told apart as a blob or a manifest.
  if (event.action === 'delete') return { type: 'delete', reason: 'a delete maps to no catalogue event' };
  const manifest = isManifest(event);
  const type = `${manifest ? 'manifest' : 'blob'} ${event.action}`;
  if (!manifest) return { type, reason: 'blob events are parts of a push; the manifest push is the event' };
  if (event.action !== 'push') return { type, reason: `a manifest ${event.action} maps to no catalogue event` };
  if (!event.target.tag) return { type, reason: 'a manifest pushed by digest alone updates no tag' };
  if (!event.target.repository.includes('/')) {
    return { type, reason: 'the catalogue needs namespace/name and the repository has no namespace' };
  }
  return undefined;
}
