import type { AuthorizedEmailView } from '../../email-authorization/authorized-email.view';
import type { Actor } from '../../permissions/actor';
import { RepositoryCommand } from '../../permissions/herald.command';

/** POST authorizedemail/{email}: mail the address a single-use link that confirms it for the repository. */
export class RequestEmailAuthorizationCommand extends RepositoryCommand<AuthorizedEmailView> {
  constructor(
    actor: Actor,
    repository: string,
    readonly email: unknown,
  ) {
    super(actor, repository);
  }
}
