import { ApiSchema, type ApiSchemaOptions } from '@nestjs/swagger';

/**
 * Rules across a DTO's fields that property decorators cannot state (one field required with
 * another's value, at least one field), as JSON Schema keywords on the class's OpenAPI schema, so
 * that generated clients and API tests know them. The class validator stays what enforces them.
 * `ApiSchema` merges every option but `name` into the schema.
 */
export function ApiSchemaRules(rules: Record<string, unknown>): ClassDecorator {
  return ApiSchema(rules as ApiSchemaOptions);
}
