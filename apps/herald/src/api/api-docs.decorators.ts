import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiParam, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ApiErrorResponse } from './error.dto';
import { REPOSITORY_COMPONENT_PATTERN } from './repository-path';

/** Why a route may answer 400; a route's 400 lists every reason that applies to it. */
export const BAD_REQUEST = {
  repository:
    'the namespace or repository name breaks the naming rules (lower-case alphanumerics separated by single ".", "_" or "-")',
  encoding: 'a path parameter is not valid percent-encoded UTF-8',
  body: 'the body is not a JSON object, not JSON at all, or cannot be decompressed',
  fields: 'a field is missing or invalid: `error_message` names each one and `errors` lists them',
  query: 'a query parameter is invalid: the message names it',
} as const;

/** What a repository route answers 403 to. */
export const NOT_REPOSITORY_ADMIN = 'the bearer is not an admin of the repository';

export interface StandardErrorsOptions {
  /** A route under /repository/{namespace}/{repo}: 400 for a bad name, 403 for a bearer who is not its admin. */
  repository?: boolean;
  /** The path has parameters: 400 when one cannot be decoded (a repository route has them anyway). */
  pathParams?: boolean;
  /** The route's other reasons for a 400 (see BAD_REQUEST). */
  badRequest?: string[];
  /** When it answers 403. */
  forbidden?: string;
  /** When it answers 404. */
  notFound?: string;
  /** When it answers 502 (a service it needs, such as the SMTP relay, failed the request). */
  upstream?: string;
  /** The route takes a JSON body: 413 for one over the size limit, 415 for a charset or encoding it cannot read. */
  body?: boolean;
}

const error = (status: number, description: string, headers?: Record<string, object>) =>
  ApiResponse({ status, description, schema: { $ref: getSchemaPath(ApiErrorResponse) }, headers });

/**
 * The errors of a route behind AuthGuard, each with Quay's error body (ApiErrorResponse): 401 for a missing, invalid,
 * expired or revoked token (with `WWW-Authenticate`), 429 when the actor's rate limit is spent (with `Retry-After`),
 * and, as the options say, 400, 403, 404, and 413 and 415 on a route with a body.
 */
export function ApiStandardErrors(options: StandardErrorsOptions = {}): MethodDecorator & ClassDecorator {
  const decorators = [
    ApiBearerAuth(),
    ApiExtraModels(ApiErrorResponse),
    error(401, 'the bearer token is missing, invalid, expired or revoked', {
      'WWW-Authenticate': {
        description: 'the bearer challenge',
        required: true,
        schema: { type: 'string', example: 'Bearer realm="herald", error="invalid_token"' },
      },
    }),
    error(429, "the actor's rate limit is spent; try again after Retry-After", {
      'Retry-After': {
        description: 'seconds to wait before the next request',
        required: true,
        schema: { type: 'integer', minimum: 0 },
      },
    }),
  ];
  const reasons = [
    ...(options.repository ? [BAD_REQUEST.repository] : []),
    ...(options.repository || options.pathParams ? [BAD_REQUEST.encoding] : []),
    ...(options.body ? [BAD_REQUEST.body] : []),
    ...(options.badRequest ?? []),
  ];
  if (reasons.length) decorators.push(error(400, [...new Set(reasons)].join('; ')));
  const forbidden = options.forbidden ?? (options.repository ? NOT_REPOSITORY_ADMIN : undefined);
  if (forbidden) decorators.push(error(403, forbidden));
  if (options.notFound) decorators.push(error(404, options.notFound));
  if (options.upstream) decorators.push(error(502, options.upstream));
  if (options.body) {
    decorators.push(error(413, 'the body is larger than the size limit'));
    decorators.push(error(415, "the body's charset or Content-Encoding is not supported"));
  }
  return applyDecorators(...decorators);
}

/** The `{namespace}/{repo}` path parameters of a repository's routes, with the naming rule they must follow. */
export function ApiRepositoryPath(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiParam({
      name: 'namespace',
      description: 'The namespace (organization or user) of the repository',
      schema: { type: 'string', pattern: REPOSITORY_COMPONENT_PATTERN, example: 'acme' },
    }),
    ApiParam({
      name: 'repo',
      description: 'The repository name within the namespace',
      schema: { type: 'string', pattern: REPOSITORY_COMPONENT_PATTERN, example: 'web' },
    }),
  );
}

/** `{uuid}`: a notification of the repository; any other value is a 404. */
export const ApiNotificationUuid = () =>
  ApiParam({
    name: 'uuid',
    description: "The notification's uuid; one of another repository is not found",
    schema: { type: 'string', example: '6fc00d1a-b1b5-4a31-9604-3630555bbef9' },
  });

export const NOTIFICATION_NOT_FOUND = 'no notification with that uuid in the repository';

/** OpenAPI links from an answer to the operations (by operationId) that take its id, for clients and the fuzzer. */
export function linksTo(
  operationIds: string[],
  parameters: Record<string, string>,
): Record<string, { operationId: string; parameters: Record<string, string> }> {
  return Object.fromEntries(operationIds.map((operationId) => [operationId, { operationId, parameters }]));
}

/** The namespace and repo of the request, for links between a repository's operations. */
export const SAME_REPOSITORY = { namespace: '$request.path.namespace', repo: '$request.path.repo' };
