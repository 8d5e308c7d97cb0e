import { QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../errors/domain.errors';
import { DeliveryHistory, DeliveryView } from '../../history/delivery-history.service';
import { NotificationRepository } from '../../notification/notification.repository';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { GetDeliveryQuery } from './get-delivery.query';

@QueryHandler(GetDeliveryQuery)
export class GetDeliveryHandler extends AuthorizedHandler<GetDeliveryQuery, DeliveryView> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly history: DeliveryHistory,
  ) {
    super();
  }

  protected async handle(q: GetDeliveryQuery): Promise<DeliveryView> {
    await this.notifications.getOrThrow(q.repository, q.uuid);
    const summary = await this.history.get(q.uuid, q.deliveryId);
    if (!summary) throw new NotFoundError(`delivery ${q.deliveryId} not found for notification ${q.uuid}`);
    return summary.view;
  }
}
