import { NotificationCommand } from '../../permissions/herald.command';

export class DeleteNotificationCommand extends NotificationCommand<void> {}
