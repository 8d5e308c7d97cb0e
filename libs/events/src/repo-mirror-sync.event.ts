import { EventDefinition, EventLevel } from './event-definition';
import { escapeHtml, repositoryReference } from './event-html.util';
import { EventKind } from './event-kind';
import { RepoMirrorSyncPayload } from './repo-mirror-sync.payload';
import { REPO_MIRROR_SYNC_SAMPLE } from './repo-mirror-sync.sample';

/** The mirror events differ in kind, title, level and one word ("started", "success", "failed"), as in Quay. */
function defineMirrorEvent(
  kind: EventKind,
  title: string,
  level: EventLevel,
  word: string,
): EventDefinition<RepoMirrorSyncPayload> {
  return {
    kind,
    title,
    payloadClass: RepoMirrorSyncPayload,
    sample: REPO_MIRROR_SYNC_SAMPLE,
    level: () => level,
    summary: (payload) => `Repository Mirror ${word} for ${payload.message}`,
    // Quay's message is the worker's text alone; Herald names the repository too, so a chat line stands on its own.
    message: (payload) =>
      `Repository Mirror ${word} for repository ${repositoryReference(payload)}: ${escapeHtml(payload.message)}`,
  };
}

export const REPO_MIRROR_SYNC_STARTED_EVENT = defineMirrorEvent(
  'repo_mirror_sync_started',
  'Repository Mirror Started',
  'info',
  'started',
);
export const REPO_MIRROR_SYNC_SUCCESS_EVENT = defineMirrorEvent(
  'repo_mirror_sync_success',
  'Repository Mirror Success',
  'success',
  'success',
);
export const REPO_MIRROR_SYNC_FAILED_EVENT = defineMirrorEvent(
  'repo_mirror_sync_failed',
  'Repository Mirror Unsuccessful',
  'error',
  'failed',
);
