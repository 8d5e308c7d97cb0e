import { CommandHandler } from '@nestjs/cqrs';
import { AuditLog } from '../../audit/audit-log.service';
import { AuthorizedEmailView, toAuthorizedEmailView } from '../../email-authorization/authorized-email.view';
import { EmailAuthorizations } from '../../email-authorization/email-authorizations.service';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { ConfirmEmailAuthorizationCommand } from './confirm-email-authorization.command';

/** Codes are base64url of 32 bytes; anything else cannot be one, and is not worth a database look-up. */
const CODE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

@CommandHandler(ConfirmEmailAuthorizationCommand)
export class ConfirmEmailAuthorizationHandler extends AuthorizedHandler<
  ConfirmEmailAuthorizationCommand,
  AuthorizedEmailView | null
> {
  constructor(
    private readonly authorizations: EmailAuthorizations,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  protected async handle(cmd: ConfirmEmailAuthorizationCommand): Promise<AuthorizedEmailView | null> {
    if (typeof cmd.code !== 'string' || !CODE_SHAPE.test(cmd.code)) return null;
    const confirmed = await this.authorizations.confirm(cmd.code);
    if (!confirmed) return null;
    await this.audit.record({
      kind: 'confirm_repo_email',
      actor: cmd.actor,
      repository: confirmed.repository,
      metadata: { email: confirmed.email },
    });
    return toAuthorizedEmailView(confirmed);
  }
}
