import { RepositoryQuery } from '../../permissions/herald.command';
import type { NotificationView } from '../../notification/notification.view';

export class ListNotificationsQuery extends RepositoryQuery<{ notifications: NotificationView[] }> {}
