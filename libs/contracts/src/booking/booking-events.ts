import type { Actor, DomainEvent, EventSchemaEntry, Money } from '../event';
import { resourceTypes, type ResourceType } from '../ledger/ledger.events';
import type { PlanHolder } from '../membership/plan-period-events';
import { actorSchema, holderSchema, idSchema, moneySchema } from '../payments/commerce-schema-fragments';


/** How a booking is paid (R16); card and split take money through the payments service. */
export const bookingPaymentMethods = ['personal-credits', 'company-credits', 'card', 'split'] as const;
export type BookingPaymentMethod = (typeof bookingPaymentMethods)[number];

/** The payment split of a booking: credits from a wallet, money by card; both may be zero. */
export interface BookingPaymentSplit {
  readonly method: BookingPaymentMethod;
  /** the wallet the credits came from (none when no credits were paid) */
  readonly wallet: PlanHolder | null;
  /** credits in integer hundredths */
  readonly credits: number;
  /** money paid by card, integer minor units */
  readonly money: Money;
}

interface BookingData {
  readonly bookingId: string;
  readonly locationId: string;
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  /** the member (or, for event tickets, the external user) who booked */
  readonly userId: string;
  /** rooms: the booked interval; events: the event's; desks: the day (start of the day to its end, location time) */
  readonly start: string | null;
  readonly end: string | null;
  /** desks: the day pass's date (YYYY-MM-DD, location time) */
  readonly date: string | null;
  /** tickets and products */
  readonly quantity: number;
  readonly payment: BookingPaymentSplit;
  readonly occurredAt: string;
  readonly actor: Actor;
}

interface CancellationData {
  readonly bookingId: string;
  readonly locationId: string;
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  readonly userId: string;
  /** what went back: credits (integer hundredths) to the lots they came from, money to the card */
  readonly refund: { readonly credits: number; readonly money: Money };
  /** the share of the price refunded under the resource's policy at the cancellation instant, 0-100 */
  readonly refundPercent: number;
  readonly occurredAt: string;
  readonly actor: Actor;
}

interface FulfillmentData {
  readonly bookingId: string;
  readonly locationId: string;
  readonly resourceId: string;
  readonly resourceType: ResourceType;
  readonly userId: string;
  readonly quantity: number;
  readonly occurredAt: string;
  /** the admin who handed the order over */
  readonly actor: Actor;
}

/** A room or a desk day is booked and paid. */
export type BookingConfirmed = DomainEvent<'BookingConfirmed', BookingData, 1>;
/** A desk day pass was checked in (one per user per day) and paid. */
export type CheckInRecorded = DomainEvent<'CheckInRecorded', BookingData, 1>;
/** Tickets of an event are bought and paid. */
export type TicketPurchased = DomainEvent<'TicketPurchased', BookingData, 1>;
/** Shop products are ordered and paid. */
export type OrderPlaced = DomainEvent<'OrderPlaced', BookingData, 1>;
/** A room, desk or ticket booking was cancelled; its refund per the policy is done. */
export type BookingCancelled = DomainEvent<'BookingCancelled', CancellationData, 1>;
/** An order was cancelled before it was fulfilled; its refund is done. */
export type OrderCancelled = DomainEvent<'OrderCancelled', CancellationData, 1>;

/** An order's products were handed over: it is final from now on (no cancellation, no refund). */
export type OrderFulfilled = DomainEvent<'OrderFulfilled', FulfillmentData, 1>;

export type BookingEvent = BookingConfirmed | CheckInRecorded | TicketPurchased | OrderPlaced | BookingCancelled | OrderCancelled | OrderFulfilled;

const instant = { type: 'string', format: 'date-time' } as const;
const credits = { type: 'integer', minimum: 0, description: 'credits in integer hundredths' } as const;
const common = {
  bookingId: idSchema,
  locationId: idSchema,
  resourceId: idSchema,
  resourceType: { enum: [...resourceTypes] },
  userId: idSchema,
  occurredAt: instant,
  actor: actorSchema,
};

/** One event's JSON Schema entry: an open object (consumers tolerate unknown fields) with these fields. */
const eventSchema = (type: string, about: string, required: string[], properties: Record<string, unknown>): EventSchemaEntry => ({
  type,
  version: 1,
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${type} v1`,
    description: about,
    type: 'object',
    additionalProperties: true,
    required: ['bookingId', 'locationId', 'resourceId', 'resourceType', 'userId', ...required, 'occurredAt', 'actor'],
    properties: { ...common, ...properties },
  },
});

const bookingSchema = (type: string, about: string) =>
  eventSchema(type, about, ['start', 'end', 'date', 'quantity', 'payment'], {
    start: { oneOf: [instant, { type: 'null' }] },
    end: { oneOf: [instant, { type: 'null' }] },
    date: { oneOf: [{ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, { type: 'null' }] },
    quantity: { type: 'integer', minimum: 1 },
    payment: {
      type: 'object',
      description: 'the payment split: credits from a wallet, money by card',
      required: ['method', 'wallet', 'credits', 'money'],
      properties: {
        method: { enum: [...bookingPaymentMethods] },
        wallet: { oneOf: [holderSchema, { type: 'null' }] },
        credits,
        money: moneySchema,
      },
    },
  });

const cancellationSchema = (type: string, about: string) =>
  eventSchema(type, about, ['refund', 'refundPercent'], {
    refund: { type: 'object', required: ['credits', 'money'], properties: { credits, money: moneySchema } },
    refundPercent: { type: 'integer', minimum: 0, maximum: 100 },
  });

export const bookingEventSchemas: EventSchemaEntry[] = [
  bookingSchema('BookingConfirmed', 'a room or desk day booked and paid'),
  bookingSchema('CheckInRecorded', 'a desk day pass checked in and paid'),
  bookingSchema('TicketPurchased', 'event tickets bought and paid'),
  bookingSchema('OrderPlaced', 'shop products ordered and paid'),
  cancellationSchema('BookingCancelled', 'a booking cancelled, refunded per the resource policy'),
  cancellationSchema('OrderCancelled', 'an order cancelled, refunded'),
  eventSchema('OrderFulfilled', 'an order handed over by an admin: final, no longer cancellable', ['quantity'], { quantity: { type: 'integer', minimum: 1 } }),
];
