import { QueryHandler } from '@nestjs/cqrs';
import { AuditLog, AuditView } from '../../audit/audit-log.service';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ListAuditLogQuery } from './list-audit-log.query';

@QueryHandler(ListAuditLogQuery)
export class ListAuditLogHandler extends AuthorizedHandler<ListAuditLogQuery, { logs: AuditView[] }> {
  constructor(private readonly audit: AuditLog) {
    super();
  }

  protected async handle(q: ListAuditLogQuery): Promise<{ logs: AuditView[] }> {
    return { logs: await this.audit.list(q.repository, { limit: q.limit, before: q.before }) };
  }
}
