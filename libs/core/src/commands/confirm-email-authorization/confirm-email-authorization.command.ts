import { Command } from '@nestjs/cqrs';
import type { AuthorizedEmailView } from '../../email-authorization/authorized-email.view';
import type { Actor } from '../../permissions/actor';
import type { Authorizable } from '../../permissions/herald.command';

/** Who follows a confirmation link: holding the code is the whole permission, so it names no repository to check. */
export const CONFIRMATION_LINK_ACTOR: Actor = Object.freeze({
  id: 'confirmation-link',
  kind: 'system',
  access: [],
  superuser: false,
});

/** GET /authrepoemail?code=: the recipient confirms. Answers null for a bad, used or expired code. */
export class ConfirmEmailAuthorizationCommand extends Command<AuthorizedEmailView | null> implements Authorizable {
  readonly actor = CONFIRMATION_LINK_ACTOR;

  constructor(readonly code: unknown) {
    super();
  }

  repositories(): string[] {
    return [];
  }
}
