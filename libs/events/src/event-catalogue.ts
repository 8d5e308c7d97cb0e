import { BUILD_CANCELLED_EVENT } from './build-cancelled.event';
import { BUILD_FAILURE_EVENT } from './build-failure.event';
import { BUILD_QUEUED_EVENT } from './build-queued.event';
import { BUILD_START_EVENT } from './build-start.event';
import { BUILD_SUCCESS_EVENT } from './build-success.event';
import { EventDefinition } from './event-definition';
import { EventKind } from './event-kind';
import { REPO_IMAGE_EXPIRY_EVENT } from './repo-image-expiry.event';
import {
  REPO_MIRROR_SYNC_FAILED_EVENT,
  REPO_MIRROR_SYNC_STARTED_EVENT,
  REPO_MIRROR_SYNC_SUCCESS_EVENT,
} from './repo-mirror-sync.event';
import { REPO_PUSH_EVENT } from './repo-push.event';
import { VULNERABILITY_FOUND_EVENT } from './vulnerability-found.event';

export const EVENT_CATALOGUE: Readonly<Record<EventKind, EventDefinition>> = Object.freeze({
  repo_push: REPO_PUSH_EVENT,
  build_queued: BUILD_QUEUED_EVENT,
  build_start: BUILD_START_EVENT,
  build_success: BUILD_SUCCESS_EVENT,
  build_failure: BUILD_FAILURE_EVENT,
  vulnerability_found: VULNERABILITY_FOUND_EVENT,
  build_cancelled: BUILD_CANCELLED_EVENT,
  repo_mirror_sync_started: REPO_MIRROR_SYNC_STARTED_EVENT,
  repo_mirror_sync_success: REPO_MIRROR_SYNC_SUCCESS_EVENT,
  repo_mirror_sync_failed: REPO_MIRROR_SYNC_FAILED_EVENT,
  repo_image_expiry: REPO_IMAGE_EXPIRY_EVENT,
});
