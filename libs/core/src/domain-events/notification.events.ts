export const NOTIFICATION_EVENT_NAMES = {
  created: 'notification.created',
  deleted: 'notification.deleted',
  reset: 'notification.reset',
  tested: 'notification.tested',
} as const;

/** Something happened to a notification; `name` is also the NATS subject suffix (herald.domain.<name>). */
export abstract class NotificationDomainEvent {
  abstract readonly name: string;

  constructor(
    readonly uuid: string,
    readonly repository: string,
    readonly actorId: string,
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

export class NotificationTested extends NotificationDomainEvent {
  readonly name = NOTIFICATION_EVENT_NAMES.tested;
}

export const NOTIFICATION_EVENTS_SUBJECT = 'herald.domain.notification.>';
