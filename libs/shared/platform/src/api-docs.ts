import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export interface ApiDocsOptions {
  readonly title: string;
  readonly description: string;
  readonly version: string;
}

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; additionalProperties?: unknown } & Record<string, unknown>;

/** Every component schema a schema refers to, itself included, however deep. */
function referenced(schema: unknown, components: Record<string, Schema>, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) referenced(item, components, found);
  else if (schema && typeof schema === 'object') {
    const ref = (schema as Schema).$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      if (!found.has(name)) {
        found.add(name);
        referenced(components[name], components, found);
      }
    }
    for (const value of Object.values(schema)) referenced(value, components, found);
  }
  return found;
}

/**
 * The strict validation pipe refuses fields a DTO does not declare, so every object a request body
 * may contain is closed in the document too: a generated client cannot send what would be refused.
 */
function closeRequestBodies(document: OpenAPIObject): void {
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const bodies = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => (operation as { requestBody?: unknown })?.requestBody));
  for (const name of referenced(bodies, components)) {
    if (components[name]?.properties) components[name].additionalProperties = false;
  }
}

/** The OpenAPI 3.1 document of the app's routes (their decorators), at `/docs-json`; Swagger UI at `/docs`. */
export function createApiDocument(app: INestApplication, options: ApiDocsOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  closeRequestBodies(document);
  return document;
}

export function serveApiDocs(app: INestApplication, options: ApiDocsOptions): void {
  SwaggerModule.setup('docs', app, createApiDocument(app, options), { jsonDocumentUrl: 'docs-json' });
}
