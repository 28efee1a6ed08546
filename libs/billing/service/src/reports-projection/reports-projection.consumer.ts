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
import type { JsonLogger } from '@credits/platform/core';
import type { Pool } from 'pg';
import { BILLING_SCHEMA } from '../shared/billing.tokens';
import { recordReportFacts, type EventCreditMovements, type ReportFacts, type RevenueFact } from '../shared/reports.store';

export const REPORTS_PROJECTION_CONSUMER = 'billing.reports';

const REVENUE_EVENTS = ['CreditPurchaseCompleted', 'PaymentSucceeded', 'RefundIssued'] as const;
const PROJECTED = [...ledgerEventTypes, ...REVENUE_EVENTS];

/**
 * The facts of the monthly reports (R17), from the event stream only: the ledger's credit
 * movements, billing's completed credit purchases and the payments service's paid card payments
 * and refunds. A delivery is applied in one transaction, each message once (the ids go into the
 * inbox with the facts): one transaction per message could not keep up with the ledger's commands.
 * Facts keep their instant and are put into months when a report is asked for, so no ordering
 * across topics matters. A message that breaks its schema is logged and skipped.
 */
export function subscribeToReportFacts(pool: Pool, bus: MessageBus, logger: JsonLogger): Promise<Subscription> {
  const inbox = new Inbox(pool, BILLING_SCHEMA, REPORTS_PROJECTION_CONSUMER);
  return bus.subscribe({
    groupId: REPORTS_PROJECTION_CONSUMER,
    topics: [Topics.ledger, Topics.billing, Topics.payments],
    types: PROJECTED,
    handleBatch: async (envelopes) => {
      const projected = envelopes.filter((envelope) => isValid(envelope, logger));
      await inbox.handleAllOnce(projected, (client, fresh) => recordReportFacts(client, reportFactsOf(fresh, logger)));
    },
  });
}

function isValid(envelope: EventEnvelope, logger: JsonLogger): boolean {
  const errors = validateEventData(envelope.type, envelope.version, envelope.data);
  if (errors.length > 0) logger.write('error', 'invalid event skipped', { consumer: REPORTS_PROJECTION_CONSUMER, eventId: envelope.id, type: envelope.type, errors });
  return errors.length === 0;
}

/** What the messages add to the reports. */
function reportFactsOf(envelopes: readonly EventEnvelope[], logger: JsonLogger): ReportFacts {
  const facts = { revenue: [] as RevenueFact[], paymentSources: [] as { paymentId: string; source: string }[], creditMovements: [] as EventCreditMovements[] };
  for (const envelope of envelopes) {
    const log = (message: string, extra: object) => logger.write('warn', message, { consumer: REPORTS_PROJECTION_CONSUMER, eventId: envelope.id, correlationId: envelope.correlationId, ...extra });
    switch (envelope.type) {
      case 'CreditPurchaseCompleted': {
        // Completed means paid (card) or billed (bill) or given (free, price 0): the sale's month.
        const { data } = envelope as EventEnvelope & CreditPurchaseCompleted;
        if (!data.price) {
          log('credit purchase without a price left out of revenue', { purchaseId: data.purchaseId });
          break;
        }
        facts.revenue.push({ factId: `purchase:${data.purchaseId}`, locationId: data.locationId, kind: 'sale', source: 'credit-purchases', paymentId: null, ...data.price, occurredAt: data.occurredAt });
        break;
      }
      case 'PaymentSucceeded': {
        const { data } = envelope as EventEnvelope & PaymentSucceeded;
        const source = REVENUE_SOURCE_OF_PAYMENT[data.purpose.type];
        facts.paymentSources.push({ paymentId: data.paymentId, source });
        // A credit purchase's money counts when the purchase completes (CreditPurchaseCompleted), not twice.
        if (data.purpose.type === 'credit-purchase') break;
        facts.revenue.push({ factId: `payment:${data.paymentId}`, locationId: data.locationId, kind: 'sale', source, paymentId: data.paymentId, ...data.amount, occurredAt: data.occurredAt });
        break;
      }
      case 'RefundIssued': {
        // As money or as credits, the money is given back in the refund's month.
        const { data } = envelope as EventEnvelope & RefundIssued;
        facts.revenue.push({ factId: `refund:${data.refundId}`, locationId: data.locationId, kind: 'refund', source: null, paymentId: data.paymentId, ...data.amount, occurredAt: data.occurredAt });
        break;
      }
      default: {
        const event = envelope as EventEnvelope & LedgerEvent;
        const owner = parseWalletId(event.data.walletId);
        if (!owner) {
          log('ledger event of an unknown wallet left out of the credit report', { walletId: event.data.walletId });
          break;
        }
        facts.creditMovements.push({ eventId: envelope.id, locationId: owner.locationId, occurredAt: event.data.occurredAt, facts: creditMovementsOf(event) });
      }
    }
  }
  return facts;
}
