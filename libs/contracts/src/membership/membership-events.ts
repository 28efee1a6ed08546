import type { DomainEvent, EventSchemaEntry } from '../event';
import { companyEventSchemas, type CompanyEvent } from './company-events';
import { membershipSchemaOf as schemaOf, type MembershipEventBase } from './membership-schema';
import { notificationEventSchemas } from './notification-events';
import { planEventSchemas, type PlanEvent } from './plan-events';
import type { PlanPeriodEvent } from './plan-period-events';

export type MemberRole = 'member' | 'admin';

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

export type MembershipEvent =
  | LocationCreated
  | LocationSettingsChanged
  | MemberInvited
  | MemberRoleChanged
  | MemberRemoved
  | CompanyEvent
  | PlanEvent
  | PlanPeriodEvent;

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
  ...companyEventSchemas,
  ...planEventSchemas,
  ...notificationEventSchemas,
];
