import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import { ActionRegistry } from '../../actions/action-registry.service';
import { AuditLog } from '../../audit/audit-log.service';
import { CORE_SETTINGS, CoreSettings } from '../../core-settings';
import { AuthorizedEmailView, toAuthorizedEmailView } from '../../email-authorization/authorized-email.view';
import { requireEmailAddress } from '../../email-authorization/email-address';
import { EmailAuthorizations } from '../../email-authorization/email-authorizations.service';
import { CommandValidationError, UpstreamError } from '../../errors/domain.errors';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { RequestEmailAuthorizationCommand } from './request-email-authorization.command';

/** The action whose plugin mails confirmation links: the one Quay's authorized e-mails are for. */
const MAIL_METHOD = 'email';
/** At most one confirmation mail a minute to one address for one repository: admins cannot mail-bomb a stranger. */
const RESEND_AFTER_MS = 60_000;

@CommandHandler(RequestEmailAuthorizationCommand)
export class RequestEmailAuthorizationHandler extends AuthorizedHandler<
  RequestEmailAuthorizationCommand,
  AuthorizedEmailView
> {
  constructor(
    private readonly authorizations: EmailAuthorizations,
    private readonly actions: ActionRegistry,
    private readonly audit: AuditLog,
    @Inject(CORE_SETTINGS) private readonly settings: CoreSettings,
  ) {
    super();
  }

  protected async handle(cmd: RequestEmailAuthorizationCommand): Promise<AuthorizedEmailView> {
    const email = requireEmailAddress(cmd.email);
    const existing = await this.authorizations.find(cmd.repository, email);
    // Already confirmed: nothing to prove again, and no mail to send.
    if (existing?.confirmed) return toAuthorizedEmailView(existing);
    if (existing && Date.now() - new Date(existing.requested_at).getTime() < RESEND_AFTER_MS) {
      throw new CommandValidationError([
        `email: a confirmation mail went to ${email} less than a minute ago; wait before asking for another`,
      ]);
    }
    const mailer = this.actions.get(MAIL_METHOD);
    if (!mailer?.sendAddressConfirmation) {
      throw new CommandValidationError([`email: no loaded action plugin sends e-mail (method "${MAIL_METHOD}")`]);
    }
    const ttl = this.settings.emailConfirmationTtlMs;
    const { record, code } = await this.authorizations.request(cmd.repository, email, ttl);
    const timeoutMs = this.settings.deliveryTimeoutMs;
    const outcome = await mailer.sendAddressConfirmation(
      {
        address: email,
        repository: cmd.repository,
        link: `${this.settings.publicUrl}/authrepoemail?code=${encodeURIComponent(code)}`,
        expiresAt: record.code_expires_at as Date,
      },
      { signal: AbortSignal.timeout(timeoutMs), timeoutMs },
    );
    if (outcome.status !== 'delivered') {
      throw new UpstreamError(`the confirmation mail to ${email} could not be sent: ${outcome.reason}`);
    }
    await this.audit.record({
      kind: 'authorize_repo_email',
      actor: cmd.actor,
      repository: cmd.repository,
      metadata: { email },
    });
    return toAuthorizedEmailView(record);
  }
}
