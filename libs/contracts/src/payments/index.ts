import type { EventSchemaEntry } from '../event';
import { paymentOutcomeEventSchemas, type PaymentFailed, type PaymentSucceeded } from './payment-events';
import { refundEventSchemas, type RefundIssued } from './refund-events';

export * from './payment-events';
export * from './refund-events';

export type PaymentsEvent = PaymentSucceeded | PaymentFailed | RefundIssued;

export const paymentsEventSchemas: EventSchemaEntry[] = [...paymentOutcomeEventSchemas, ...refundEventSchemas];
