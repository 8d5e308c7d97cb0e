import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor } from '@herald/core';
import { AuthenticatedRequest } from './auth.guard';

/** The authenticated Actor of the request; the route must be behind AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  // A route without the guard is a programming error: fail loudly rather than act for nobody.
  if (!actor) throw new Error('no authenticated actor on the request: is the route behind AuthGuard?');
  return actor;
});
