import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service';
import { PermissionDeniedError } from '../errors/domain.errors';
import { isRepositoryAdmin } from './actor';
import { isAuthorizable } from './herald.command';

/** The one place that decides whether a command or query may run; refusals are audited. */
@Injectable()
export class CommandAuthorizer {
  constructor(private readonly audit: AuditLog) {}

  async authorize(message: unknown): Promise<void> {
    const name = (message as object | null)?.constructor?.name ?? typeof message;
    if (!isAuthorizable(message)) throw new PermissionDeniedError(`${name} carries no actor and cannot be authorized`);
    const denied = message.repositories().filter((repo) => !isRepositoryAdmin(message.actor, repo));
    if (denied.length === 0) return;
    for (const repository of denied) {
      await this.audit.record({ kind: 'denied', actor: message.actor, repository, metadata: { command: name } });
    }
    throw new PermissionDeniedError(`${message.actor.id} is not an admin of ${denied.join(', ')}`);
  }
}
