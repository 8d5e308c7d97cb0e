/** The repository events Herald understands, named as Quay names them. */
export const EVENT_KINDS = [
  'repo_push',
  'build_queued',
  'build_start',
  'build_success',
  'build_failure',
  'vulnerability_found',
  // Newer Quay's events.
  'build_cancelled',
  'repo_mirror_sync_started',
  'repo_mirror_sync_success',
  'repo_mirror_sync_failed',
  'repo_image_expiry',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === 'string' && (EVENT_KINDS as readonly string[]).includes(value);
}
