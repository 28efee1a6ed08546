import type { CreditPurchaseCompleted, EventEnvelope, GrantSource, Money, MoneyRefundReference, PlanHolder, RefundIssued } from '@credits/contracts';
import type { WalletCommandExecutor } from '../wallets/wallet-command.executor';

interface PermanentGrant {
  readonly locationId: string;
  readonly holder: PlanHolder;
  readonly credits: number;
  readonly source: GrantSource;
  readonly unitPrice: Money | null;
  readonly purchaseId: string | null;
  readonly moneyRefund: MoneyRefundReference | null;
  readonly occurredAt: string;
  readonly reason: string;
}

/**
 * Credits bought (R12) or taken instead of a money refund (R15) arrive as permanent credits, once:
 * the idempotency key is the triggering event's id and the lot id derives from it.
 */
export class PurchaseAndRefundReactions {
  constructor(private readonly executor: WalletCommandExecutor) {}

  async purchaseCompleted(envelope: EventEnvelope & { data: CreditPurchaseCompleted['data'] }): Promise<void> {
    const purchase = envelope.data;
    await this.grant(envelope.id, {
      ...purchase,
      source: 'purchase',
      unitPrice: purchase.unitPrice,
      purchaseId: purchase.purchaseId,
      moneyRefund: null,
      reason: 'Credit purchase',
    });
  }

  async refundIssued(envelope: EventEnvelope & { data: RefundIssued['data'] }): Promise<void> {
    const refund = envelope.data;
    // Money refunds are the payment service's business; only credit refunds touch a wallet.
    if (refund.method !== 'credits' || refund.credits === 0) return;
    const moneyRefund = { refundId: refund.refundId, paymentId: refund.paymentId };
    await this.grant(envelope.id, { ...refund, source: 'refund', unitPrice: null, purchaseId: null, moneyRefund, reason: 'Refund as credits' });
  }

  private async grant(eventId: string, grant: PermanentGrant): Promise<void> {
    await this.executor.execute({
      owner: { locationId: grant.locationId, ownerType: grant.holder.type, ownerId: grant.holder.id },
      idempotencyKey: eventId,
      request: { operation: `${grant.source}-grant`, credits: grant.credits, unitPrice: grant.unitPrice },
      command: (walletId) => ({
        type: 'GrantCredits',
        walletId,
        now: new Date(grant.occurredAt).toISOString(),
        actor: { type: 'system', id: `ledger-${grant.source}-grants` },
        reason: grant.reason,
        lotId: `${grant.source}:${eventId}`,
        kind: 'permanent',
        amount: grant.credits,
        source: grant.source,
        unitPrice: grant.unitPrice,
        purchaseId: grant.purchaseId,
        moneyRefund: grant.moneyRefund,
      }),
    });
  }
}
