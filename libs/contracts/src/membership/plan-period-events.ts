import type { Actor, DomainEvent, EventSchemaEntry } from '../event';

/** Whose wallet a plan feeds (R4): a member's or a company's. */
export interface PlanHolder {
  readonly type: 'user' | 'company';
  readonly id: string;
}

/**
 * How much of a period's unused allowance carries into the next period (as expiring credits of
 * that period): nothing, at most `value` credits (hundredths), or at most `value` percent.
 */
export interface RolloverCap {
  readonly mode: 'none' | 'credits' | 'percent';
  readonly value: number;
}

interface PlanPeriodBase {
  readonly locationId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly periodId: string;
  readonly assignmentId: string;
  readonly planId: string;
  readonly holder: PlanHolder;
  /** ISO-8601 UTC instants; the period is [startsAt, endsAt) */
  readonly startsAt: string;
  readonly endsAt: string;
}

export type PlanPeriodStarted = DomainEvent<
  'PlanPeriodStarted',
  PlanPeriodBase & {
    /** credits (hundredths) granted as expiring credits that end with the period */
    readonly allowance: number;
    /** the period this one follows for the same assignment, whose leftover may roll over */
    readonly previousPeriodId: string | null;
    readonly rollover: RolloverCap;
  },
  1
>;

export type PlanPeriodEnded = DomainEvent<'PlanPeriodEnded', PlanPeriodBase & { readonly endedAt: string }, 1>;

export type PlanPeriodEvent = PlanPeriodStarted | PlanPeriodEnded;

const base = {
  locationId: { type: 'string', minLength: 1 },
  occurredAt: { type: 'string', format: 'date-time' },
  actor: {
    type: 'object',
    required: ['type', 'id'],
    properties: { type: { enum: ['user', 'operator', 'system'] }, id: { type: 'string', minLength: 1 } },
  },
  periodId: { type: 'string', minLength: 1 },
  assignmentId: { type: 'string', minLength: 1 },
  planId: { type: 'string', minLength: 1 },
  holder: {
    type: 'object',
    required: ['type', 'id'],
    properties: { type: { enum: ['user', 'company'] }, id: { type: 'string', minLength: 1 } },
  },
  startsAt: { type: 'string', format: 'date-time' },
  endsAt: { type: 'string', format: 'date-time' },
};

function schemaOf(title: string, properties: Record<string, unknown>): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title,
    type: 'object',
    additionalProperties: true,
    required: [...Object.keys(base), ...Object.keys(properties)],
    properties: { ...base, ...properties },
  };
}

export const planPeriodEventSchemas: EventSchemaEntry[] = [
  {
    type: 'PlanPeriodStarted',
    version: 1,
    schema: schemaOf('PlanPeriodStarted v1', {
      allowance: { type: 'integer', minimum: 0 },
      previousPeriodId: { type: ['string', 'null'] },
      rollover: {
        type: 'object',
        required: ['mode', 'value'],
        properties: { mode: { enum: ['none', 'credits', 'percent'] }, value: { type: 'integer', minimum: 0 } },
      },
    }),
  },
  { type: 'PlanPeriodEnded', version: 1, schema: schemaOf('PlanPeriodEnded v1', { endedAt: { type: 'string', format: 'date-time' } }) },
];
