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
  readonly name = 'notification.created';
}

export class NotificationDeleted extends NotificationDomainEvent {
  readonly name = 'notification.deleted';
}

export class NotificationReset extends NotificationDomainEvent {
  readonly name = 'notification.reset';
}

export class NotificationTested extends NotificationDomainEvent {
  readonly name = 'notification.tested';
}

export const NOTIFICATION_EVENTS_SUBJECT = 'herald.domain.notification.>';
