import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Serves the OpenAPI document at /api/openapi.json (and a browsable UI at /api/docs), generated from the DTOs. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Herald')
    .setDescription("Repository notifications for container registries, with Quay's notification API")
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A registry bearer JWT or a Herald API token' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json' });
}
