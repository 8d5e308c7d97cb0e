import { NotificationCommand } from '../../permissions/herald.command';

/** Sends the event's sample payload through the notification's action, marked as a test. */
export class TestNotificationCommand extends NotificationCommand<Record<string, never>> {}
