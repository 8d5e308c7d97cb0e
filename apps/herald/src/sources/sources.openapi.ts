import type { OpenAPIObject } from '@nestjs/swagger';
import type { SourcePlugin } from '@herald/plugin-sdk';

export const INGEST_PATH = '/api/v1/sources/{source}/events';

/**
 * The ingest route's request media types are the loaded sources' (a plugin's `mediaTypes`), which a decorator cannot
 * know: each becomes a content entry of the request body, with the schema the decorator gave, so clients and the
 * contract fuzzer see every type the endpoint reads.
 */
export function withSourceMediaTypes(document: OpenAPIObject, plugins: readonly SourcePlugin[]): OpenAPIObject {
  const body = document.paths[INGEST_PATH]?.post?.requestBody;
  const types = [...new Set(plugins.flatMap((p) => p.mediaTypes))];
  if (!body || !('content' in body) || types.length === 0) return document;
  const schema = Object.values(body.content)[0]?.schema ?? { type: 'object' };
  body.content = Object.fromEntries(types.map((type) => [type, { schema }]));
  return document;
}
