import { NotificationCommand } from '../../permissions/herald.command';
import type { NotificationView } from '../../notification/notification.view';

/**
 * Replaces the secrets a notification's plugin generated (the webhook's signing secret); the answer shows the new one
 * in clear, once. The plugin decides what rotates and how long the old secret stays valid.
 */
export class RotateNotificationSecretCommand extends NotificationCommand<NotificationView> {}
