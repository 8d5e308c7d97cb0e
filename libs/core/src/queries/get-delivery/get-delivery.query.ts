import type { DeliveryView } from '../../history/delivery-history.service';
import type { Actor } from '../../permissions/actor';
import { RepositoryQuery } from '../../permissions/herald.command';

export class GetDeliveryQuery extends RepositoryQuery<DeliveryView> {
  constructor(
    actor: Actor,
    repository: string,
    readonly uuid: string,
    readonly deliveryId: string,
  ) {
    super(actor, repository);
  }
}
