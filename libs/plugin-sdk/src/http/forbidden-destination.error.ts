/** A call the outbound policy refused: permanent, since retrying cannot change where the address points. */
export class ForbiddenDestinationError extends Error {
  readonly code = 'HERALD_FORBIDDEN_DESTINATION';

  constructor(reason: string) {
    super(`destination refused by the outbound policy: ${reason} (operators can allow it with HERALD_OUTBOUND_ALLOW)`);
  }
}

export function isForbiddenDestination(err: unknown): err is { message: string } {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.code === 'HERALD_FORBIDDEN_DESTINATION') return true;
    e = e.cause as typeof e;
  }
  return false;
}
