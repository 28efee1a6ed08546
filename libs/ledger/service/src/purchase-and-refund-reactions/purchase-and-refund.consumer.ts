import { Topics, type CreditPurchaseCompleted, type EventEnvelope, type RefundIssued } from '@credits/contracts';
import type { MessageBus, Subscription } from '@credits/messaging';
import type { JsonLogger } from '@credits/platform/core';
import type { Pool } from 'pg';
import { subscribeReactions } from '../event-reactions/reaction-subscription';
import type { WalletCommandExecutor } from '../wallets/wallet-command.executor';
import { PurchaseAndRefundReactions } from './purchase-and-refund.reactions';

export const PURCHASE_AND_REFUND_CONSUMER = 'ledger.purchase-and-refund-grants';

export function subscribeToPurchasesAndRefunds(pool: Pool, bus: MessageBus, executor: WalletCommandExecutor, logger: JsonLogger): Promise<Subscription> {
  const reactions = new PurchaseAndRefundReactions(executor);
  return subscribeReactions({
    pool,
    bus,
    logger,
    consumer: PURCHASE_AND_REFUND_CONSUMER,
    topics: [Topics.billing, Topics.payments],
    reactions: {
      CreditPurchaseCompleted: (_client, envelope) => reactions.purchaseCompleted(envelope as EventEnvelope & { data: CreditPurchaseCompleted['data'] }),
      RefundIssued: (_client, envelope) => reactions.refundIssued(envelope as EventEnvelope & { data: RefundIssued['data'] }),
    },
  });
}
