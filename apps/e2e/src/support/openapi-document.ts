/** Reading an OpenAPI 3.1 document in tests: its operations, and an example composed from its schemas. */

export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  format?: string;
  additionalProperties?: unknown;
  if?: Schema;
};

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface OperationAt {
  readonly method: string;
  readonly path: string;
  readonly operation: Operation;
}

export function operationsOf(document: OpenApiDocument): OperationAt[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ method, path, operation })));
}

export const schemaNamed = (document: OpenApiDocument, ref: string): Schema => document.components.schemas[ref.replace('#/components/schemas/', '')];

/**
 * The example a reader of the document sees (as Swagger UI composes it): each value's own example,
 * an enum's first value, objects and arrays built from their parts. Values without any are listed
 * in `missing` by their place.
 */
export function exampleOf(document: OpenApiDocument, schema: Schema, at: string, missing: string[]): unknown {
  if (schema.$ref) return exampleOf(document, schemaNamed(document, schema.$ref), at, missing);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => exampleOf(document, part, at, missing)));
  const options = schema.oneOf ?? schema.anyOf;
  if (options) return exampleOf(document, options.find((option) => option.type !== 'null')!, at, missing);
  if (schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, exampleOf(document, property, `${at}.${name}`, missing)]));
  }
  if (schema.items) return [exampleOf(document, schema.items, `${at}[]`, missing)];
  missing.push(at);
  return undefined;
}

/** A schema and every schema inside it (properties, items, alternatives), with their places. */
export function* schemasIn(schema: Schema, at: string): Generator<[string, Schema]> {
  yield [at, schema];
  for (const [name, property] of Object.entries(schema.properties ?? {})) yield* schemasIn(property, `${at}.${name}`);
  if (schema.items) yield* schemasIn(schema.items, `${at}[]`);
  for (const [index, part] of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].entries()) yield* schemasIn(part, `${at}|${index}`);
}
