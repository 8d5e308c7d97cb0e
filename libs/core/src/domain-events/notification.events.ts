export const NOTIFICATION_EVENT_NAMES = {
  created: 'notification.created',
  deleted: 'notification.deleted',
  reset: 'notification.reset',
  secretRotated: 'notification.secret_rotated',
  tested: 'notification.tested',
  failed: 'notification.failed',
  disabled: 'notification.disabled',
  recovered: 'notification.recovered',
} as const;

/** Something happened to a notification; `name` is also the NATS subject suffix (herald.domain.<name>). */
export abstract class NotificationDomainEvent {
  abstract readonly name: string;

  constructor(
    readonly uuid: string,
    readonly repository: string,
    readonly actorId: string,
    readonly data: Record<string, unknown> = {},
  ) {}
}

export class NotificationCreated extends NotificationDomainEvent {
  readonly name = NOTIFICATION_EVENT_NAMES.created;
}

export class NotificationDeleted extends NotificationDomainEvent {
  readonly name = NOTIFICATION_EVENT_NAMES.deleted;
}

export class NotificationReset extends NotificationDomainEvent {
  readonly name = NOTIFICATION_EVENT_NAMES.reset;
}

/** A generated secret of the notification's config was replaced: instances re-read it. */
export class NotificationSecretRotated extends NotificationDomainEvent {
  readonly name = NOTIFICATION_EVENT_NAMES.secretRotated;
}

export class NotificationTested extends NotificationDomainEvent {
  readonly name = NOTIFICATION_EVENT_NAMES.tested;
}

export const NOTIFICATION_EVENTS_SUBJECT = 'herald.domain.notification.>';

/** A delivery failed for good; `data.failures` is the new count. */
export class NotificationFailed extends NotificationDomainEvent {
  readonly name = NOTIFICATION_EVENT_NAMES.failed;
}

/** The failure threshold was reached: no more deliveries until an admin resets the notification. */
export class NotificationDisabled extends NotificationDomainEvent {
  readonly name = NOTIFICATION_EVENT_NAMES.disabled;
}

/** A success set the failure count back to 0. */
export class NotificationRecovered extends NotificationDomainEvent {
  readonly name = NOTIFICATION_EVENT_NAMES.recovered;
}
