import type { DomainEvent, EventSchemaEntry } from '../event';
import { idSchema, membershipSchemaOf, type MembershipEventBase } from './membership-schema';

type CompanyBase = MembershipEventBase & { companyId: string };

export type CompanyCreated = DomainEvent<'CompanyCreated', CompanyBase & { name: string }, 1>;
export type CompanyRenamed = DomainEvent<'CompanyRenamed', CompanyBase & { name: string }, 1>;
/** An archived company keeps its history and wallet for reading; it gets no new members, plans or grants. */
export type CompanyArchived = DomainEvent<'CompanyArchived', CompanyBase, 1>;
export type CompanyMemberAdded = DomainEvent<'CompanyMemberAdded', CompanyBase & { userId: string }, 1>;
/** Also ends the member's manager role and corporate-card permission in that company. */
export type CompanyMemberRemoved = DomainEvent<'CompanyMemberRemoved', CompanyBase & { userId: string }, 1>;
export type CompanyManagerAppointed = DomainEvent<'CompanyManagerAppointed', CompanyBase & { userId: string }, 1>;
export type CompanyManagerRemoved = DomainEvent<'CompanyManagerRemoved', CompanyBase & { userId: string }, 1>;
/** Whether a company member may pay with the company's credits (R11); managers always may. */
export type CorporateCardPermissionChanged = DomainEvent<'CorporateCardPermissionChanged', CompanyBase & { userId: string; allowed: boolean }, 1>;

export type CompanyEvent =
  | CompanyCreated
  | CompanyRenamed
  | CompanyArchived
  | CompanyMemberAdded
  | CompanyMemberRemoved
  | CompanyManagerAppointed
  | CompanyManagerRemoved
  | CorporateCardPermissionChanged;

const companyId = idSchema;
const userId = idSchema;
const name = { type: 'string', minLength: 1 };

export const companyEventSchemas: EventSchemaEntry[] = [
  { type: 'CompanyCreated', version: 1, schema: membershipSchemaOf('CompanyCreated v1', { companyId, name }) },
  { type: 'CompanyRenamed', version: 1, schema: membershipSchemaOf('CompanyRenamed v1', { companyId, name }) },
  { type: 'CompanyArchived', version: 1, schema: membershipSchemaOf('CompanyArchived v1', { companyId }) },
  { type: 'CompanyMemberAdded', version: 1, schema: membershipSchemaOf('CompanyMemberAdded v1', { companyId, userId }) },
  { type: 'CompanyMemberRemoved', version: 1, schema: membershipSchemaOf('CompanyMemberRemoved v1', { companyId, userId }) },
  { type: 'CompanyManagerAppointed', version: 1, schema: membershipSchemaOf('CompanyManagerAppointed v1', { companyId, userId }) },
  { type: 'CompanyManagerRemoved', version: 1, schema: membershipSchemaOf('CompanyManagerRemoved v1', { companyId, userId }) },
  {
    type: 'CorporateCardPermissionChanged',
    version: 1,
    schema: membershipSchemaOf('CorporateCardPermissionChanged v1', { companyId, userId, allowed: { type: 'boolean' } }),
  },
];
