import { NotificationCommand } from '../../permissions/herald.command';

/** Sets number_of_failures back to 0, which re-enables a notification disabled by failures. */
export class ResetNotificationFailuresCommand extends NotificationCommand<void> {}
