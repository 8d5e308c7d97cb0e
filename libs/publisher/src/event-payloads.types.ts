import type {
  BuildCancelledPayload,
  RepoImageExpiryPayload,
  RepoMirrorSyncPayload,
  BuildFailurePayload,
  BuildQueuedPayload,
  BuildStartPayload,
  BuildSuccessPayload,
  RepoPushPayload,
  VulnerabilityFoundPayload,
} from '@herald/events';

/** The payload type of each event kind; extra fields are allowed and travel unchanged. */
export interface EventPayloads {
  repo_push: RepoPushPayload;
  build_queued: BuildQueuedPayload;
  build_start: BuildStartPayload;
  build_success: BuildSuccessPayload;
  build_failure: BuildFailurePayload;
  vulnerability_found: VulnerabilityFoundPayload;
  build_cancelled: BuildCancelledPayload;
  repo_mirror_sync_started: RepoMirrorSyncPayload;
  repo_mirror_sync_success: RepoMirrorSyncPayload;
  repo_mirror_sync_failed: RepoMirrorSyncPayload;
  repo_image_expiry: RepoImageExpiryPayload;
}
