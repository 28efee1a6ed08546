import { REVENUE_SOURCE_OF_PAYMENT, creditMovementsOf } from '@credits/billing-domain';
import {
  Topics,
  ledgerEventTypes,
  parseWalletId,
  validateEventData,
  type CreditPurchaseCompleted,
  type EventEnvelope,
  type LedgerEvent,
  type PaymentSucceeded,
  type RefundIssued,
} from '@credits/contracts';
import { Inbox, type MessageBus, type Subscription } from '@credits/messaging';
import { runWithContext, type JsonLogger } from '@credits/platform/core';
import type { Pool, PoolClient } from 'pg';
import { BILLING_SCHEMA } from '../shared/billing.tokens';
import { recordCreditMovements, recordPaymentSource, recordRevenue } from '../shared/reports.store';

export const REPORTS_PROJECTION_CONSUMER = 'billing.reports';

const REVENUE_EVENTS = ['CreditPurchaseCompleted', 'PaymentSucceeded', 'RefundIssued'] as const;
const PROJECTED = new Set<string>([...ledgerEventTypes, ...REVENUE_EVENTS]);

/**
 * The facts of the monthly reports (R17), from the event stream only: the ledger's credit
 * movements, billing's completed credit purchases and the payments service's paid card payments
 * and refunds. Each message is applied once (its id goes into the inbox in the transaction that
 * stores its facts). Facts keep their instant and are put into months when a report is asked for,
 * so no ordering across topics matters. A message that breaks its schema is logged and skipped.
 */
export function subscribeToReportFacts(pool: Pool, bus: MessageBus, logger: JsonLogger): Promise<Subscription> {
  const inbox = new Inbox(pool, BILLING_SCHEMA, REPORTS_PROJECTION_CONSUMER);
  return bus.subscribe({
    groupId: REPORTS_PROJECTION_CONSUMER,
    topics: [Topics.ledger, Topics.billing, Topics.payments],
    handler: async (envelope) => {
      if (!PROJECTED.has(envelope.type)) return;
      const errors = validateEventData(envelope.type, envelope.version, envelope.data);
      if (errors.length > 0) {
        logger.write('error', 'invalid event skipped', { consumer: REPORTS_PROJECTION_CONSUMER, eventId: envelope.id, type: envelope.type, errors });
        return;
      }
      await runWithContext({ correlationId: envelope.correlationId, causationId: envelope.id }, () =>
        inbox.handleOnce(envelope, (client) => project(client, envelope, logger)),
      );
    },
  });
}

async function project(client: PoolClient, envelope: EventEnvelope, logger: JsonLogger): Promise<void> {
  switch (envelope.type) {
    case 'CreditPurchaseCompleted': {
      // Completed means paid (card) or billed (bill) or given (free, price 0): the sale's month.
      const { data } = envelope as EventEnvelope & CreditPurchaseCompleted;
      if (!data.price) {
        logger.write('warn', 'credit purchase without a price left out of revenue', { consumer: REPORTS_PROJECTION_CONSUMER, eventId: envelope.id, purchaseId: data.purchaseId });
        return;
      }
      const sale = { kind: 'sale', source: 'credit-purchases', paymentId: null } as const;
      await recordRevenue(client, { factId: `purchase:${data.purchaseId}`, locationId: data.locationId, ...sale, ...data.price, occurredAt: data.occurredAt });
      return;
    }
    case 'PaymentSucceeded': {
      const { data } = envelope as EventEnvelope & PaymentSucceeded;
      const source = REVENUE_SOURCE_OF_PAYMENT[data.purpose.type];
      await recordPaymentSource(client, data.paymentId, source);
      // A credit purchase's money counts when the purchase completes (CreditPurchaseCompleted), not twice.
      if (data.purpose.type === 'credit-purchase') return;
      const sale = { kind: 'sale', source, paymentId: data.paymentId } as const;
      await recordRevenue(client, { factId: `payment:${data.paymentId}`, locationId: data.locationId, ...sale, ...data.amount, occurredAt: data.occurredAt });
      return;
    }
    case 'RefundIssued': {
      // As money or as credits, the money is given back in the refund's month.
      const { data } = envelope as EventEnvelope & RefundIssued;
      const refund = { kind: 'refund', source: null, paymentId: data.paymentId } as const;
      await recordRevenue(client, { factId: `refund:${data.refundId}`, locationId: data.locationId, ...refund, ...data.amount, occurredAt: data.occurredAt });
      return;
    }
    default: {
      const event = envelope as EventEnvelope & LedgerEvent;
      const owner = parseWalletId(event.data.walletId);
      if (!owner) {
        logger.write('error', 'ledger event of an unknown wallet left out of the credit report', { consumer: REPORTS_PROJECTION_CONSUMER, eventId: envelope.id, walletId: event.data.walletId });
        return;
      }
      await recordCreditMovements(client, envelope.id, owner.locationId, event.data.occurredAt, creditMovementsOf(event));
    }
  }
}
