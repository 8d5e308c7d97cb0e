import { EventKind } from './event-kind';

// Kept free of imports beyond the kind list: the web console bundles this file to offer the right filter fields.
const BUILD_EVENTS: readonly EventKind[] = [
  'build_queued',
  'build_start',
  'build_success',
  'build_failure',
  'build_cancelled',
];
// Mirror events carry no tags, so no filter applies to them.
const MIRROR_EVENTS: readonly EventKind[] = [
  'repo_mirror_sync_started',
  'repo_mirror_sync_success',
  'repo_mirror_sync_failed',
];

/** Filter keys each event accepts. `tag-regex` is Herald's addition (a long-standing request against Quay). */
export function allowedFilterKeys(event: EventKind): string[] {
  if (BUILD_EVENTS.includes(event)) return ['ref-regex', 'tag-regex'];
  if (event === 'vulnerability_found') return ['level', 'tag-regex'];
  if (event === 'repo_image_expiry') return ['days', 'tag-regex'];
  if (MIRROR_EVENTS.includes(event)) return [];
  return ['tag-regex'];
}
