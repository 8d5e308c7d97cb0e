import type { DeliveryView } from '../../history/delivery-history.service';
import type { DeliveryStatus } from '../../history/delivery-record.schema';
import type { Actor } from '../../permissions/actor';
import { RepositoryQuery } from '../../permissions/herald.command';

export class ListDeliveriesQuery extends RepositoryQuery<{ deliveries: DeliveryView[] }> {
  constructor(
    actor: Actor,
    repository: string,
    readonly uuid: string,
    readonly filter: { status?: DeliveryStatus; limit: number; before?: Date },
  ) {
    super(actor, repository);
  }
}
