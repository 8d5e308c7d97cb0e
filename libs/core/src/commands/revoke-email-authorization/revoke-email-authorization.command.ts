import type { Actor } from '../../permissions/actor';
import { RepositoryCommand } from '../../permissions/herald.command';

/** DELETE authorizedemail/{email}: the address gets no more mail from the repository's notifications. */
export class RevokeEmailAuthorizationCommand extends RepositoryCommand<void> {
  constructor(
    actor: Actor,
    repository: string,
    readonly email: unknown,
  ) {
    super(actor, repository);
  }
}
