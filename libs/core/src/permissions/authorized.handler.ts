import { Inject } from '@nestjs/common';
import { CommandAuthorizer } from './command-authorizer.service';
import type { Authorizable } from './herald.command';

/**
 * Base of every command and query handler: `execute` authorizes, then calls `handle`. Handlers must not override
 * `execute`; the host checks this at boot (see HandlerPermissionVerifier), so no handler can skip the check.
 */
export abstract class AuthorizedHandler<M extends Authorizable, R> {
  @Inject(CommandAuthorizer)
  private readonly authorizer!: CommandAuthorizer;

  async execute(message: M): Promise<R> {
    await this.authorizer.authorize(message);
    return this.handle(message);
  }

  protected abstract handle(message: M): Promise<R>;
}
