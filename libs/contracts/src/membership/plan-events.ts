import type { DomainEvent, EventSchemaEntry, Money } from '../event';
import { idSchema, membershipSchemaOf, type MembershipEventBase } from './membership-schema';
import type { PlanHolder, RolloverCap } from './plan-period-events';

export type PeriodUnit = 'day' | 'week' | 'month';

/** A plan's billing period: `count` days, weeks or calendar months in the location's time zone. */
export interface BillingPeriod {
  readonly unit: PeriodUnit;
  readonly count: number;
}

/** Everything a plan defines; PlanCreated and PlanChanged carry all of it (consumers need no history). */
export interface PlanDefinition {
  readonly planId: string;
  readonly name: string;
  readonly price: Money;
  readonly billingPeriod: BillingPeriod;
  /** credits (hundredths) granted as expiring credits at the start of every period */
  readonly allowance: number;
  /** discount percent (0-100) on resource prices and on credit option prices (R10) */
  readonly resourceDiscountPercent: number;
  readonly creditOptionDiscountPercent: number;
  readonly billPaymentEnabled: boolean;
  readonly rollover: RolloverCap;
}

export type PlanCreated = DomainEvent<'PlanCreated', MembershipEventBase & PlanDefinition, 1>;
/** Takes effect from each assignment's next period; running periods keep what they started with. */
export type PlanChanged = DomainEvent<'PlanChanged', MembershipEventBase & PlanDefinition, 1>;
export type PlanArchived = DomainEvent<'PlanArchived', MembershipEventBase & { planId: string }, 1>;

export type PlanAssigned = DomainEvent<
  'PlanAssigned',
  MembershipEventBase & { assignmentId: string; planId: string; holder: PlanHolder; startsAt: string },
  1
>;
/** `next-period`: the new plan starts with the next period (at `effectiveAt`); `now`: the current period ended at `effectiveAt`. */
export type PlanAssignmentChanged = DomainEvent<
  'PlanAssignmentChanged',
  MembershipEventBase & { assignmentId: string; holder: PlanHolder; fromPlanId: string; toPlanId: string; effective: 'next-period' | 'now'; effectiveAt: string },
  1
>;
export type PlanAssignmentCancelled = DomainEvent<
  'PlanAssignmentCancelled',
  MembershipEventBase & { assignmentId: string; holder: PlanHolder; planId: string; effective: 'period-end' | 'now'; effectiveAt: string },
  1
>;

export type PlanEvent = PlanCreated | PlanChanged | PlanArchived | PlanAssigned | PlanAssignmentChanged | PlanAssignmentCancelled;

const percent = { type: 'integer', minimum: 0, maximum: 100 };
const holder = {
  type: 'object',
  required: ['type', 'id'],
  properties: { type: { enum: ['user', 'company'] }, id: idSchema },
};
const instant = { type: 'string', format: 'date-time' };
const definition = {
  planId: idSchema,
  name: { type: 'string', minLength: 1 },
  price: {
    type: 'object',
    required: ['amount', 'currency'],
    properties: { amount: { type: 'integer', minimum: 0 }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
  },
  billingPeriod: {
    type: 'object',
    required: ['unit', 'count'],
    properties: { unit: { enum: ['day', 'week', 'month'] }, count: { type: 'integer', minimum: 1 } },
  },
  allowance: { type: 'integer', minimum: 0 },
  resourceDiscountPercent: percent,
  creditOptionDiscountPercent: percent,
  billPaymentEnabled: { type: 'boolean' },
  rollover: {
    type: 'object',
    required: ['mode', 'value'],
    properties: { mode: { enum: ['none', 'credits', 'percent'] }, value: { type: 'integer', minimum: 0 } },
  },
};

export const planEventSchemas: EventSchemaEntry[] = [
  { type: 'PlanCreated', version: 1, schema: membershipSchemaOf('PlanCreated v1', definition) },
  { type: 'PlanChanged', version: 1, schema: membershipSchemaOf('PlanChanged v1', definition) },
  { type: 'PlanArchived', version: 1, schema: membershipSchemaOf('PlanArchived v1', { planId: idSchema }) },
  {
    type: 'PlanAssigned',
    version: 1,
    schema: membershipSchemaOf('PlanAssigned v1', { assignmentId: idSchema, planId: idSchema, holder, startsAt: instant }),
  },
  {
    type: 'PlanAssignmentChanged',
    version: 1,
    schema: membershipSchemaOf('PlanAssignmentChanged v1', {
      assignmentId: idSchema,
      holder,
      fromPlanId: idSchema,
      toPlanId: idSchema,
      effective: { enum: ['next-period', 'now'] },
      effectiveAt: instant,
    }),
  },
  {
    type: 'PlanAssignmentCancelled',
    version: 1,
    schema: membershipSchemaOf('PlanAssignmentCancelled v1', {
      assignmentId: idSchema,
      holder,
      planId: idSchema,
      effective: { enum: ['period-end', 'now'] },
      effectiveAt: instant,
    }),
  },
];
