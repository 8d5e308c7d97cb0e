import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ActionRegistry } from '@herald/core';
import { SourceRegistry } from '../sources/source-registry.service';
import { withSourceMediaTypes } from '../sources/sources.openapi';

const CHECK: SchemaObject = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'string', enum: ['up', 'down'] } },
  additionalProperties: true,
};

/** GET /health, which answers 503 with the same body when a dependency is down. */
const HEALTH_RESPONSE: SchemaObject = {
  type: 'object',
  required: ['status', 'checks', 'actions', 'pluginLoadFailures'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error'] },
    checks: {
      type: 'object',
      required: ['nats', 'mongodb', 'dispatcher'],
      properties: { nats: CHECK, mongodb: CHECK, dispatcher: CHECK },
    },
    actions: { type: 'object', description: 'One check per action plugin, by method', additionalProperties: CHECK },
    index: {
      type: 'object',
      description:
        'The routing index: where it came from at boot (the stored snapshot, or a scan and why) and how current',
      required: ['notifications'],
      properties: {
        source: { type: 'string', enum: ['snapshot', 'scan'] },
        reason: { type: 'string' },
        loadMs: { type: 'integer' },
        snapshotRebuiltAt: { type: 'string', format: 'date-time' },
        reread: { type: 'integer' },
        notifications: { type: 'integer' },
        coveredSeq: { type: 'integer' },
        lastRebuildAt: { type: 'string', format: 'date-time' },
      },
    },
    pluginLoadFailures: {
      type: 'array',
      items: {
        type: 'object',
        required: ['spec', 'error'],
        properties: { spec: { type: 'string' }, error: { type: 'string' } },
      },
    },
  },
};

/**
 * What the document can only know once the app is up: the loaded plugins' methods and sources' media types, and the
 * health route's answers.
 */
function completeDocument(app: INestApplication, document: OpenAPIObject): OpenAPIObject {
  const methods = app.get(ActionRegistry).methods();
  const create = document.components?.schemas?.CreateNotificationBody as SchemaObject | undefined;
  const method = create?.properties?.method as SchemaObject | undefined;
  if (method && methods.length) method.enum = methods;

  const health = document.paths['/health']?.get;
  if (health) {
    health.summary = 'Whether every dependency and action plugin is up';
    health.responses = {
      200: { description: 'all up', content: { 'application/json': { schema: HEALTH_RESPONSE } } },
      503: {
        description: 'something is down: the body says what',
        content: { 'application/json': { schema: HEALTH_RESPONSE } },
      },
    };
  }
  const sources = app.get(SourceRegistry, { strict: false });
  return withSourceMediaTypes(
    document,
    sources.all().map((s) => s.plugin),
  );
}

/** Serves the OpenAPI document at /api/openapi.json (and a browsable UI at /api/docs), generated from the DTOs. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Herald')
    .setDescription("Repository notifications for container registries, with Quay's notification API")
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A registry bearer JWT or a Herald API token' })
    .build();
  // Built on the first request, once the app is initialized: the plugins' methods are only known then.
  const document = () => completeDocument(app, SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}
