import type { Actor, DomainEvent, EventSchemaEntry, Money } from '../event';
import type { PlanHolder } from '../membership/plan-period-events';
import { actorSchema, holderSchema, idSchema, moneySchema } from '../payments/commerce-schema-fragments';

/**
 * A credit option was paid for (R12): the ledger adds `credits` permanent credits to the holder's
 * wallet exactly once, remembering the unit price so liability and breakage can be valued (R5).
 */
export type CreditPurchaseCompleted = DomainEvent<
  'CreditPurchaseCompleted',
  {
    readonly purchaseId: string;
    readonly locationId: string;
    /** whose wallet gets the credits: the buyer's, or the company's for company credits (R11) */
    readonly holder: PlanHolder;
    /** credits in integer hundredths */
    readonly credits: number;
    /** what one credit cost, after discounts (0 for a 100% discount), rounded half up to a minor unit */
    readonly unitPrice: Money;
    /** what the whole purchase cost, exactly (revenue); set by billing since it sells credits */
    readonly price?: Money;
    readonly paymentMethod?: 'card' | 'bill' | 'free';
    /** the member who bought (for company credits, not the holder) */
    readonly buyerId?: string;
    readonly occurredAt: string;
    readonly actor: Actor;
  },
  1
>;

export type BillingEvent = CreditPurchaseCompleted;

export const billingEventSchemas: EventSchemaEntry[] = [
  {
    type: 'CreditPurchaseCompleted',
    version: 1,
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'CreditPurchaseCompleted v1',
      type: 'object',
      additionalProperties: true,
      required: ['purchaseId', 'locationId', 'holder', 'credits', 'unitPrice', 'occurredAt', 'actor'],
      properties: {
        purchaseId: idSchema,
        locationId: idSchema,
        holder: holderSchema,
        credits: { type: 'integer', minimum: 1, description: 'credits in integer hundredths' },
        unitPrice: { ...moneySchema, description: 'what one credit cost, in integer minor units, rounded half up' },
        price: { ...moneySchema, description: 'what the whole purchase cost after discounts, exactly' },
        paymentMethod: { enum: ['card', 'bill', 'free'] },
        buyerId: { ...idSchema, description: 'the member who bought' },
        occurredAt: { type: 'string', format: 'date-time' },
        actor: actorSchema,
      },
    },
  },
];
