import { BUILD_FAILURE_EVENT } from './build-failure.event';
import { BUILD_QUEUED_EVENT } from './build-queued.event';
import { BUILD_START_EVENT } from './build-start.event';
import { BUILD_SUCCESS_EVENT } from './build-success.event';
import { EventDefinition } from './event-definition';
import { EventKind } from './event-kind';
import { REPO_PUSH_EVENT } from './repo-push.event';
import { VULNERABILITY_FOUND_EVENT } from './vulnerability-found.event';

export const EVENT_CATALOGUE: Readonly<Record<EventKind, EventDefinition>> = Object.freeze({
  repo_push: REPO_PUSH_EVENT,
  build_queued: BUILD_QUEUED_EVENT,
  build_start: BUILD_START_EVENT,
  build_success: BUILD_SUCCESS_EVENT,
  build_failure: BUILD_FAILURE_EVENT,
  vulnerability_found: VULNERABILITY_FOUND_EVENT,
});
