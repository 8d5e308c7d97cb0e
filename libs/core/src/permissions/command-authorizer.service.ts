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
    const targets = message.repositories();
    const denied = targets.filter((repo) => !isRepositoryAdmin(message.actor, repo));
    const refusal = denied.length ? `${message.actor.id} is not an admin of ${denied.join(', ')}` : message.refusal?.();
    if (!refusal) return;
    for (const repository of denied.length ? denied : targets) {
      await this.audit.record({ kind: 'denied', actor: message.actor, repository, metadata: { command: name } });
    }
    throw new PermissionDeniedError(refusal);
  }
}
