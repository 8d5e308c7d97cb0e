import type { AuditView } from '../../audit/audit-log.service';
import type { Actor } from '../../permissions/actor';
import { RepositoryQuery } from '../../permissions/herald.command';

export class ListAuditLogQuery extends RepositoryQuery<{ logs: AuditView[] }> {
  constructor(
    actor: Actor,
    repository: string,
    readonly limit: number,
    readonly before?: Date,
  ) {
    super(actor, repository);
  }
}
