import { BadRequestException } from '@nestjs/common';

/** Registry naming: lower-case alphanumerics separated by single ".", "_" or "-" (Docker distribution's rule). */
const COMPONENT = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** The same rule for the OpenAPI document's path parameters. */
export const REPOSITORY_COMPONENT_PATTERN = COMPONENT.source;

/** "namespace/repo" from the path, or a 400 naming the bad part. */
export function repositoryFromPath(namespace: string, repo: string): string {
  if (!COMPONENT.test(namespace))
    throw new BadRequestException(`namespace "${namespace}" is not a valid namespace name`);
  if (!COMPONENT.test(repo)) throw new BadRequestException(`repository "${repo}" is not a valid repository name`);
  return `${namespace}/${repo}`;
}

export function requireJsonObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestException('request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}
