import type { Actor, DomainEvent, EventSchemaEntry, Money } from '../event';
import type { PlanHolder } from '../membership/plan-period-events';
import { actorSchema, holderSchema, idSchema, moneySchema } from './commerce-schema-fragments';

/** What a payment pays for; the service named by the type reacts to the payment's outcome. */
export const paymentPurposeTypes = ['credit-purchase', 'booking'] as const;
export type PaymentPurposeType = (typeof paymentPurposeTypes)[number];

export interface PaymentPurpose {
  readonly type: PaymentPurposeType;
  /** the purchase or booking id in the service that asked for the payment */
  readonly id: string;
}

interface PaymentOutcomeData {
  readonly paymentId: string;
  readonly locationId: string;
  /** who paid: a member (user) or a company */
  readonly payer: PlanHolder;
  readonly purpose: PaymentPurpose;
  readonly amount: Money;
  /** the Stripe PaymentIntent */
  readonly paymentIntentId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
}

/** Stripe confirmed the card payment (a signed `payment_intent.succeeded`); the purpose's service delivers. */
export type PaymentSucceeded = DomainEvent<'PaymentSucceeded', PaymentOutcomeData, 1>;

/**
 * Stripe reported an attempt to pay as failed (`payment_intent.payment_failed`); nothing was paid.
 * Not always the end: the customer may retry with another card, and a PaymentSucceeded for the
 * same payment may follow (never the other way round: a success is final).
 */
export type PaymentFailed = DomainEvent<'PaymentFailed', PaymentOutcomeData & { readonly reason: string }, 1>;

const purposeSchema = {
  type: 'object',
  description: 'what the payment pays for',
  required: ['type', 'id'],
  properties: { type: { enum: [...paymentPurposeTypes] }, id: idSchema },
};

const outcomeProperties = {
  paymentId: idSchema,
  locationId: idSchema,
  payer: holderSchema,
  purpose: purposeSchema,
  amount: moneySchema,
  paymentIntentId: idSchema,
  occurredAt: { type: 'string', format: 'date-time' },
  actor: actorSchema,
};

const outcomeSchema = (title: string, extra: Record<string, unknown>) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title,
  type: 'object',
  additionalProperties: true,
  required: [...Object.keys(outcomeProperties), ...Object.keys(extra)],
  properties: { ...outcomeProperties, ...extra },
});

export const paymentOutcomeEventSchemas: EventSchemaEntry[] = [
  { type: 'PaymentSucceeded', version: 1, schema: outcomeSchema('PaymentSucceeded v1', {}) },
  {
    type: 'PaymentFailed',
    version: 1,
    schema: outcomeSchema('PaymentFailed v1', { reason: { type: 'string', minLength: 1, description: "Stripe's reason, e.g. card_declined" } }),
  },
];
