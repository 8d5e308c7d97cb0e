import { CommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '../../audit/audit-log.service';
import { requireEmailAddress } from '../../email-authorization/email-address';
import { EmailAuthorizations } from '../../email-authorization/email-authorizations.service';
import { NotFoundError } from '../../errors/domain.errors';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { RevokeEmailAuthorizationCommand } from './revoke-email-authorization.command';

@CommandHandler(RevokeEmailAuthorizationCommand)
export class RevokeEmailAuthorizationHandler extends AuthorizedHandler<RevokeEmailAuthorizationCommand, void> {
  constructor(
    private readonly authorizations: EmailAuthorizations,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  /** Takes effect at the next send: every e-mail delivery checks the authorization again. */
  protected async handle(cmd: RevokeEmailAuthorizationCommand): Promise<void> {
    const email = requireEmailAddress(cmd.email);
    if (!(await this.authorizations.revoke(cmd.repository, email))) {
      throw new NotFoundError(`${email} is not an authorized e-mail address of repository ${cmd.repository}`);
    }
    await this.audit.record({
      kind: 'revoke_repo_email',
      actor: cmd.actor,
      repository: cmd.repository,
      metadata: { email },
    });
  }
}
