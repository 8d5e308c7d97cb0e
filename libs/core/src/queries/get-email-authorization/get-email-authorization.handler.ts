import { QueryHandler } from '@nestjs/cqrs';
import { AuthorizedEmailView, toAuthorizedEmailView } from '../../email-authorization/authorized-email.view';
import { requireEmailAddress } from '../../email-authorization/email-address';
import { EmailAuthorizations } from '../../email-authorization/email-authorizations.service';
import { NotFoundError } from '../../errors/domain.errors';
import { AuthorizedHandler } from '../../permissions/authorized.handler';
import { GetEmailAuthorizationQuery } from './get-email-authorization.query';

@QueryHandler(GetEmailAuthorizationQuery)
export class GetEmailAuthorizationHandler extends AuthorizedHandler<GetEmailAuthorizationQuery, AuthorizedEmailView> {
  constructor(private readonly authorizations: EmailAuthorizations) {
    super();
  }

  protected async handle(q: GetEmailAuthorizationQuery): Promise<AuthorizedEmailView> {
    const email = requireEmailAddress(q.email);
    const found = await this.authorizations.find(q.repository, email);
    if (!found) throw new NotFoundError(`${email} was never authorized for repository ${q.repository}`);
    return toAuthorizedEmailView(found);
  }
}
