import { QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../errors/domain.errors';
import { DeliveryHistory, DeliveryView } from '../../history/delivery-history.service';
import { NotificationRepository } from '../../notification/notification.repository';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { GetDeliveryQuery } from './get-delivery.query';

/** One delivery as the API shows it: its attempts, and the event text it carries (for the console's "request"). */
export type DeliveryDetailView = DeliveryView & { payload_json: string };

@QueryHandler(GetDeliveryQuery)
export class GetDeliveryHandler extends AuthorizedHandler<GetDeliveryQuery, DeliveryDetailView> {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly history: DeliveryHistory,
  ) {
    super();
  }

  protected async handle(q: GetDeliveryQuery): Promise<DeliveryDetailView> {
    await this.notifications.getOrThrow(q.repository, q.uuid);
    const summary = await this.history.get(q.uuid, q.deliveryId);
    if (!summary) throw new NotFoundError(`delivery ${q.deliveryId} not found for notification ${q.uuid}`);
    return { ...summary.view, payload_json: summary.payloadJson };
  }
}
