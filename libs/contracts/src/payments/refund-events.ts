import type { Actor, DomainEvent, EventSchemaEntry, Money } from '../event';
import type { PlanHolder } from '../membership/plan-period-events';
import { actorSchema, holderSchema, idSchema, moneySchema } from './commerce-schema-fragments';

/**
 * A money transaction was refunded (R15): as money, or settled with the exact equivalent in permanent
 * credits (`method` "credits", `credits` in hundredths), never both.
 */
export type RefundIssued = DomainEvent<
  'RefundIssued',
  {
    readonly refundId: string;
    readonly paymentId: string;
    readonly locationId: string;
    readonly holder: PlanHolder;
    readonly method: 'money' | 'credits';
    /** the refunded money */
    readonly amount: Money;
    /** credits in integer hundredths given instead of money; 0 when method is "money" */
    readonly credits: number;
    /** why the admin (or the cancelling service) refunded; absent in events of older producers */
    readonly reason?: string;
    readonly occurredAt: string;
    readonly actor: Actor;
  },
  1
>;

export const refundEventSchemas: EventSchemaEntry[] = [
  {
    type: 'RefundIssued',
    version: 1,
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'RefundIssued v1',
      type: 'object',
      additionalProperties: true,
      required: ['refundId', 'paymentId', 'locationId', 'holder', 'method', 'amount', 'credits', 'occurredAt', 'actor'],
      properties: {
        refundId: idSchema,
        paymentId: idSchema,
        locationId: idSchema,
        holder: holderSchema,
        method: { enum: ['money', 'credits'] },
        amount: moneySchema,
        credits: { type: 'integer', minimum: 0, description: 'credits in integer hundredths' },
        reason: { type: 'string', minLength: 1, description: 'why it was refunded (optional)' },
        occurredAt: { type: 'string', format: 'date-time' },
        actor: actorSchema,
      },
    },
  },
];
