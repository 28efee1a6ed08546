import type { Actor } from '../event';

/** Fields every membership event carries. */
export interface MembershipEventBase {
  locationId: string;
  occurredAt: string;
  actor: Actor;
}

const actorSchema = {
  type: 'object',
  required: ['type', 'id'],
  properties: { type: { enum: ['user', 'operator', 'system'] }, id: { type: 'string', minLength: 1 } },
} as const;

/** JSON Schema of a membership event: the common fields plus `properties`, all required. */
export function membershipSchemaOf(title: string, properties: Record<string, unknown>): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    type: 'object',
    additionalProperties: true,
    required: ['locationId', 'occurredAt', 'actor', ...Object.keys(properties)],
    properties: {
      locationId: { type: 'string', minLength: 1 },
      occurredAt: { type: 'string', format: 'date-time' },
      actor: actorSchema,
      ...properties,
    },
  };
}

export const idSchema = { type: 'string', minLength: 1 } as const;
