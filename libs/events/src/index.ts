export { EVENT_KINDS, isEventKind } from './event-kind';
export type { EventKind } from './event-kind';
export type { EventDefinition, EventLevel } from './event-definition';
export { EVENT_CATALOGUE } from './event-catalogue';
export { parseEventJson, validateEvent } from './validate-event';
export { DEFAULT_JSON_LIMITS, exceedsJsonLimits } from './json-limits';
export type { JsonLimits } from './json-limits';
export type { EventValidationFailure, EventValidationResult, EventValidationSuccess } from './validate-event';
export { VULNERABILITY_PRIORITIES, priorityIndex } from './vulnerability-priority';
export type { VulnerabilityPriority } from './vulnerability-priority';

export { RepositoryEventPayload } from './repository-event.payload';
export { RepoPushPayload } from './repo-push.payload';
export { BuildEventPayload } from './build-event.payload';
export { CommitInfo, CommitUser, TriggerMetadata } from './trigger-metadata.payload';
export { BuildQueuedPayload } from './build-queued.payload';
export { BuildStartPayload } from './build-start.payload';
export { BuildSuccessPayload } from './build-success.payload';
export { BuildFailurePayload } from './build-failure.payload';
export { Vulnerability, VulnerabilityFoundPayload } from './vulnerability-found.payload';

export { REPO_PUSH_SAMPLE } from './repo-push.sample';
export { BUILD_QUEUED_SAMPLE } from './build-queued.sample';
export { BUILD_START_SAMPLE } from './build-start.sample';
export { BUILD_SUCCESS_SAMPLE } from './build-success.sample';
export { BUILD_FAILURE_SAMPLE } from './build-failure.sample';
export { VULNERABILITY_FOUND_SAMPLE } from './vulnerability-found.sample';
