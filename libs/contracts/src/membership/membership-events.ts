import type { Actor, DomainEvent, EventSchemaEntry } from '../event';

export type MemberRole = 'member' | 'admin';

interface MembershipEventBase {
  locationId: string;
  occurredAt: string;
  actor: Actor;
}

export type LocationCreated = DomainEvent<
  'LocationCreated',
  MembershipEventBase & { name: string; currency: string; timezone: string; creditsEnabled: boolean; discountAppliesToCredits: boolean },
  1
>;
export type LocationSettingsChanged = DomainEvent<
  'LocationSettingsChanged',
  MembershipEventBase & { creditsEnabled: boolean; discountAppliesToCredits: boolean },
  1
>;
export type MemberInvited = DomainEvent<'MemberInvited', MembershipEventBase & { userId: string; role: MemberRole }, 1>;
export type MemberRoleChanged = DomainEvent<'MemberRoleChanged', MembershipEventBase & { userId: string; role: MemberRole }, 1>;
export type MemberRemoved = DomainEvent<'MemberRemoved', MembershipEventBase & { userId: string }, 1>;

export type MembershipEvent = LocationCreated | LocationSettingsChanged | MemberInvited | MemberRoleChanged | MemberRemoved;

const actorSchema = {
  type: 'object',
  required: ['type', 'id'],
  properties: { type: { enum: ['user', 'operator', 'system'] }, id: { type: 'string', minLength: 1 } },
} as const;

function schemaOf(title: string, properties: Record<string, unknown>): Record<string, unknown> {
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

const role = { enum: ['member', 'admin'] };
const userId = { type: 'string', minLength: 1 };

export const membershipEventSchemas: EventSchemaEntry[] = [
  {
    type: 'LocationCreated',
    version: 1,
    schema: schemaOf('LocationCreated v1', {
      name: { type: 'string', minLength: 1 },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      timezone: { type: 'string', minLength: 1 },
      creditsEnabled: { type: 'boolean' },
      discountAppliesToCredits: { type: 'boolean' },
    }),
  },
  {
    type: 'LocationSettingsChanged',
    version: 1,
    schema: schemaOf('LocationSettingsChanged v1', {
      creditsEnabled: { type: 'boolean' },
      discountAppliesToCredits: { type: 'boolean' },
    }),
  },
  { type: 'MemberInvited', version: 1, schema: schemaOf('MemberInvited v1', { userId, role }) },
  { type: 'MemberRoleChanged', version: 1, schema: schemaOf('MemberRoleChanged v1', { userId, role }) },
  { type: 'MemberRemoved', version: 1, schema: schemaOf('MemberRemoved v1', { userId }) },
];
