import type { OpenAPIObject } from '@nestjs/swagger';
import type { SourcePlugin } from '@herald/plugin-sdk';
import { INGEST_PATH, withSourceMediaTypes } from './sources.openapi';

const source = (...mediaTypes: string[]) => ({ mediaTypes }) as unknown as SourcePlugin;

it("lists every loaded source's media types on the ingest route's body, with the decorator's schema", () => {
  const schema = { type: 'object' as const };
  const document = {
    paths: { [INGEST_PATH]: { post: { requestBody: { content: { 'application/json': { schema } } } } } },
  } as unknown as OpenAPIObject;
  withSourceMediaTypes(document, [
    source('application/vnd.docker.distribution.events.v1+json', 'application/json'),
    source('application/json'),
    source('application/cloudevents+json', 'application/cloudevents-batch+json'),
  ]);
  expect(document.paths[INGEST_PATH].post?.requestBody).toEqual({
    content: {
      'application/vnd.docker.distribution.events.v1+json': { schema },
      'application/json': { schema },
      'application/cloudevents+json': { schema },
      'application/cloudevents-batch+json': { schema },
    },
  });
});
