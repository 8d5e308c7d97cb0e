import type { IncomingMessage } from 'node:http';
import { exceedsJsonLimits } from '@herald/events';
import type { ApiLimits } from '../config/herald.config';

/** Fields of one request body: far beyond any notification, far below what costs the process anything. */
const MAX_BODY_FIELDS = 10_000;

/** An error body-parser passes on with its status; `expose` lets the error filter show its message. */
class BodyRejected extends Error {
  readonly status = 400;
  readonly expose = true;
}

/**
 * Options of the API's only body parser (JSON): bodies over the size limit are a 413, and bodies nesting deeper than the
 * limit are a 400 before JSON.parse or any validation walks them (a config nested 10,000 deep overflowed the stack).
 */
export function jsonBodyOptions(limits: ApiLimits) {
  return {
    limit: limits.maxBodyBytes,
    verify: (_req: IncomingMessage, _res: unknown, buf: Buffer) => {
      const excess = exceedsJsonLimits(buf.toString('utf8'), {
        maxBytes: limits.maxBodyBytes,
        maxDepth: limits.maxBodyDepth,
        maxFields: MAX_BODY_FIELDS,
      });
      if (excess) throw new BodyRejected(excess.replace(/^payload/, 'request body'));
    },
  };
}
