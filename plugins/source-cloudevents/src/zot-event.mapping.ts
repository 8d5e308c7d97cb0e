import {
  repoPushAggregationKey,
  isDigestReference,
  SkippedSourceEvent,
  SourceContext,
  SourceEvent,
  sourceCount,
  sourceObject,
  sourceRepositoryFields,
  SourceRepositoryFields,
  sourceString,
  vulnerabilityFromCounts,
} from '@herald/plugin-sdk';
import type { CloudEvent } from './cloudevent.shape';

/** zot's UI shows an image at /image/<name>; a template setting overrides it. */
export const ZOT_DEFAULT_HOMEPAGE = 'https://{host}/image/{path}';

/** Why each zot type without a catalogue event is skipped (pkg/extensions/events/common.go). */
export const ZOT_SKIPPED: Readonly<Record<string, string>> = {
  'zotregistry.image.deleted': 'deletions are not catalogue events',
  'zotregistry.image.lint_failed': 'lint failures are not catalogue events',
  'zotregistry.repository.created': "a new repository's first push comes as zotregistry.image.updated",
};

export type ZotMapping = { event: Omit<SourceEvent, 'id'> } | { skipped: SkippedSourceEvent };

function repositoryFields(name: string, context: SourceContext): SourceRepositoryFields {
  // The catalogue needs namespace/name; zot also serves top-level names ("alpine"), given the configured namespace.
  const repository = name.includes('/') ? name : `${context.settings.default_namespace || 'library'}/${name}`;
  return sourceRepositoryFields(repository, {
    pullPath: name,
    settings: context.settings,
    defaultHomepage: ZOT_DEFAULT_HOMEPAGE,
  });
}

/** image.updated by tag → repo_push with that tag and the manifest's digest; by digest it names no tag. */
function imageUpdated(event: CloudEvent, data: Record<string, unknown>, context: SourceContext): ZotMapping {
  const name = sourceString(data, 'name', 'data') as string;
  const reference = sourceString(data, 'reference', 'data') as string;
  const digest = sourceString(data, 'digest', 'data') as string;
  if (isDigestReference(reference)) return { skipped: { type: event.type, reason: 'pushed by digest, no tag' } };
  const fields = repositoryFields(name, context);
  return {
    event: {
      kind: 'repo_push',
      aggregationKey: repoPushAggregationKey(fields.repository),
      payload: { ...fields, updated_tags: { [reference]: digest } },
    },
  };
}

/** image.scanned → vulnerability_found by the same rule as Harbor's scans (the most severe level with a finding). */
function imageScanned(event: CloudEvent, data: Record<string, unknown>, context: SourceContext): ZotMapping {
  const name = sourceString(data, 'name', 'data') as string;
  const reference = sourceString(data, 'reference', 'data') as string;
  const digest = sourceString(data, 'digest', 'data') as string;
  const s = sourceObject(data.summary, 'data.summary');
  const n = (key: string) => sourceCount(s[key], `data.summary.${key}`);
  const vulnerability = vulnerabilityFromCounts(digest, {
    counts: {
      Critical: n('criticalCount'),
      High: n('highCount'),
      Medium: n('mediumCount'),
      Low: n('lowCount'),
      Unknown: n('unknownCount'),
    },
    total: n('count'),
    fixable: n('fixableCount'),
    severity: typeof s.maxSeverity === 'string' ? s.maxSeverity : undefined,
  });
  if (!vulnerability) return { skipped: { type: event.type, reason: 'no findings' } };
  const fields = repositoryFields(name, context);
  return {
    event: {
      kind: 'vulnerability_found',
      payload: { ...fields, tags: isDigestReference(reference) ? [] : [reference], digest, vulnerability },
    },
  };
}

/** One of zot's CloudEvents as a catalogue event, or why it is skipped. */
export function translateZotEvent(event: CloudEvent, context: SourceContext): ZotMapping {
  const handlers: Record<string, typeof imageUpdated> = {
    'zotregistry.image.updated': imageUpdated,
    'zotregistry.image.scanned': imageScanned,
  };
  const handler = handlers[event.type];
  if (!handler) {
    return { skipped: { type: event.type, reason: ZOT_SKIPPED[event.type] ?? 'no catalogue event for this type' } };
  }
  return handler(event, sourceObject(event.data, 'data'), context);
}
