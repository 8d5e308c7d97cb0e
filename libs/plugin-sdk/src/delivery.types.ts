import type { EventKind } from '@herald/events';

/** What a plugin knows of the notification it delivers for: a snapshot taken when the event was matched. */
export interface NotificationSnapshot<C = Record<string, unknown>> {
  uuid: string;
  repository: string;
  event: EventKind;
  method: string;
  config: C;
  event_config: Record<string, unknown>;
  title: string | null;
}

export interface DeliveryRequest<C = Record<string, unknown>> {
  /** Unique per (event, notification): receivers may de-duplicate on it. */
  deliveryId: string;
  eventId: string;
  event: EventKind;
  /** The event's data exactly as the registry sent it (unknown fields included). */
  payload: Record<string, unknown>;
  notification: NotificationSnapshot<C>;
  /** 1 on the first try. */
  attempt: number;
  /** True for a "test notification" sending the event's sample payload. */
  test: boolean;
}

/**
 * What the host knows about recipients a repository's admins confirmed (Quay's authorized e-mails), for the
 * repository of the notification at hand. Optional in a context: a host or a test without it has confirmed nobody.
 */
export interface RecipientAuthorizations {
  /** Whether the address was confirmed for the repository and not revoked since. */
  isEmailAuthorized?(email: string): Promise<boolean>;
}

export interface DeliveryContext extends RecipientAuthorizations {
  /** Aborted when the delivery times out or the host shuts down; pass it to every I/O call. */
  signal: AbortSignal;
  timeoutMs: number;
}

interface OutcomeDetail {
  httpStatus?: number;
  /** Truncated by the host before it is stored. */
  responseBody?: string;
  /** For the history: e.g. network, tls, timeout; derived from httpStatus when absent. */
  errorClass?: string;
}

export type DeliveryOutcome =
  | ({ status: 'delivered' } & OutcomeDetail)
  | ({ status: 'retry'; reason: string; retryAfterMs?: number } & OutcomeDetail)
  | ({ status: 'failed'; reason: string } & OutcomeDetail);
