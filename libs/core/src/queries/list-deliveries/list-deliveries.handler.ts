import { QueryHandler } from '@nestjs/cqrs';
import { DeliveryHistory, DeliveryView } from '../../history/delivery-history.service';
import { NotificationRepository } from '../../notification/notification.repository';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ListDeliveriesQuery } from './list-deliveries.query';

@QueryHandler(ListDeliveriesQuery)
export class ListDeliveriesHandler extends AuthorizedHandler<ListDeliveriesQuery, { deliveries: DeliveryView[] }> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly history: DeliveryHistory,
  ) {
    super();
  }

  protected async handle(q: ListDeliveriesQuery): Promise<{ deliveries: DeliveryView[] }> {
    await this.notifications.getOrThrow(q.repository, q.uuid);
    return { deliveries: await this.history.list(q.uuid, q.filter) };
  }
}
