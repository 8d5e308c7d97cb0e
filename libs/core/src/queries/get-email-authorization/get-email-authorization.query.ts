import type { AuthorizedEmailView } from '../../email-authorization/authorized-email.view';
import type { Actor } from '../../permissions/actor';
import { RepositoryQuery } from '../../permissions/herald.command';

/** GET authorizedemail/{email}: whether the address was asked for and confirmed; 404 when never asked for. */
export class GetEmailAuthorizationQuery extends RepositoryQuery<AuthorizedEmailView> {
  constructor(
    actor: Actor,
    repository: string,
    readonly email: unknown,
  ) {
    super(actor, repository);
  }
}
