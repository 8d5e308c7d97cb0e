/**
 * The host's notification area (Quay's bell): the one thing an in-app action plugin needs and cannot do itself,
 * since plugins have no database. The host provides it under IN_APP_INBOX; inject it with `@Inject(IN_APP_INBOX)`.
 */
export const IN_APP_INBOX = 'herald:in-app-inbox';

export const IN_APP_TARGET_KINDS = ['user', 'team', 'org'] as const;
export type InAppTargetKind = (typeof IN_APP_TARGET_KINDS)[number];

/**
 * Who sees a notification: a user by name, a team as `<org>/<team>`, or an organization by name. Membership is the
 * host's business (the bearer token's claims), so the registry stays the source of truth.
 */
export interface InAppTarget {
  kind: InAppTargetKind;
  name: string;
}

export interface InAppNotice {
  target: InAppTarget;
  /** The event kind (repo_push...), or a host notice such as notification_disabled. */
  kind: string;
  /** What the item shows: the event's payload as the registry sent it. */
  metadata: Record<string, unknown>;
  /** "namespace/name" */
  repository: string;
  notificationUuid: string;
  /** Stable across retries and redeliveries of one delivery: the inbox stores each delivery id once. */
  deliveryId: string;
}

export interface InAppInbox {
  /**
   * Stores the notice once per delivery id (a second call for the same id stores nothing and resolves) and tells every
   * connected member. Rejects with InboxRefusedError when the notice can never be stored; any other rejection is
   * temporary (the database is away): deliver() should ask for a retry.
   */
  store(notice: InAppNotice, signal?: AbortSignal): Promise<{ id: string; created: boolean }>;
}

/** A notice the inbox will never take (a malformed target, say): a permanent failure, not worth a retry. */
export class InboxRefusedError extends Error {
  override readonly name = 'InboxRefusedError';
}
