import { buyerRejection, decide, purchaseDescription, type Purchase } from '@credits/billing-domain';
import type { CreateCreditPurchaseRequest, CreditPurchaseResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { Problems } from '@credits/platform/core';
import type { MemberFactsSource, RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { BILLING_POOL, CARD_PAYMENTS, LEDGER_APPLIED, MEMBER_FACTS } from '../shared/billing.tokens';
import type { CardPayments } from '../shared/card-payments.client';
import { loadOption } from '../shared/credit-option.store';
import { loadPurchase, purchaseResponse, type StoredPurchase } from '../shared/credit-purchase.store';
import { consistencyTimeout, type LedgerApplied } from '../shared/ledger-applied.client';
import { applyPurchaseEvents } from '../shared/purchase-effects';
import { purchaseProblem } from '../shared/purchase-problems';
import { claimRequest, forgetRequest, saveRequest, type PurchaseRequestKey } from '../shared/purchase-request.store';

export class BuyCreditsCommand {
  constructor(
    readonly actor: RequestActor,
    readonly locationId: string,
    readonly request: CreateCreditPurchaseRequest,
    readonly idempotencyKey: string,
    readonly now: Date,
  ) {}
}

export interface BuyCreditsResult {
  readonly response: CreditPurchaseResponse;
  /** the answer of an earlier request with the same Idempotency-Key */
  readonly replayed: boolean;
  /** events recorded (CreditPurchaseCompleted of a bill or free purchase) */
  readonly eventIds: readonly string[];
}

type FirstStep = { readonly kind: 'answered'; readonly result: BuyCreditsResult } | { readonly kind: 'pay'; readonly purchase: StoredPurchase };

/**
 * Buys a credit option (R11, R12). Membership is asked who the buyer is at this moment, and the
 * buyer's right to the wallet is checked before anything else, a stored answer to a retry included.
 * Bill and free complete in one transaction (purchase, bill line, CreditPurchaseCompleted in the
 * outbox) and answer once the ledger has granted the credits (read-your-writes). Card stores the purchase first, then asks payments for a payment of it (idempotent by
 * the purchase id), then stores the answer; if payments refuses, the purchase and key are removed
 * again, so the same key can be retried.
 */
@CommandHandler(BuyCreditsCommand)
export class BuyCreditsHandler implements ICommandHandler<BuyCreditsCommand, BuyCreditsResult> {
  constructor(
    @Inject(BILLING_POOL) private readonly pool: Pool,
    @Inject(MEMBER_FACTS) private readonly members: MemberFactsSource,
    @Inject(CARD_PAYMENTS) private readonly payments: CardPayments,
    @Inject(LEDGER_APPLIED) private readonly ledger: LedgerApplied,
  ) {}

  async execute(command: BuyCreditsCommand): Promise<BuyCreditsResult> {
    const { actor, locationId, request, now } = command;
    const { wallet } = request;
    const facts = await this.members.facts(locationId, actor.userId, wallet.ownerType === 'company' ? wallet.ownerId : undefined);
    const denied = buyerRejection(facts, actor.userId, locationId, wallet);
    if (denied) throw purchaseProblem(denied);
    const key: PurchaseRequestKey = { locationId, callerId: actor.userId, idempotencyKey: command.idempotencyKey };

    const first = await withTransaction(this.pool, async (client): Promise<FirstStep> => {
      const stored = await claimRequest(client, key, request);
      if (stored?.response) return { kind: 'answered', result: { response: stored.response, replayed: true, eventIds: stored.eventIds } };
      if (stored) {
        const pending = await loadPurchase(client, locationId, stored.purchaseId);
        if (!pending) throw Problems.unavailable('the purchase is being set up: retry');
        return { kind: 'pay', purchase: pending };
      }
      const option = await loadOption(client, locationId, request.optionId);
      const purchaseId = randomUUID();
      const decision = decide({ type: 'StartPurchase', purchaseId, now: now.toISOString(), locationId, buyerId: actor.userId, wallet, paymentMethod: request.paymentMethod, option, facts }, null);
      if (!decision.ok) throw purchaseProblem(decision.rejection);
      const { eventIds } = await applyPurchaseEvents(client, null, decision.events, now);
      const purchase = (await loadPurchase(client, locationId, purchaseId))!;
      if (purchase.paymentMethod === 'card') {
        await saveRequest(client, key, request, { purchaseId, response: null, eventIds: [] });
        return { kind: 'pay', purchase };
      }
      const response = purchaseResponse(purchase, actor.userId);
      await saveRequest(client, key, request, { purchaseId, response, eventIds });
      return { kind: 'answered', result: { response, replayed: false, eventIds } };
    });
    if (first.kind === 'answered') {
      if (!(await this.ledger.purchaseEventsApplied(first.result.eventIds))) throw consistencyTimeout(first.result.response);
      return first.result;
    }
    return { response: await this.startCardPayment(key, request, first.purchase), replayed: false, eventIds: [] };
  }

  private async startCardPayment(key: PurchaseRequestKey, request: CreateCreditPurchaseRequest, purchase: Purchase): Promise<CreditPurchaseResponse> {
    let payment;
    try {
      payment = await this.payments.create({
        locationId: purchase.locationId,
        payer: purchase.wallet,
        purpose: { type: 'credit-purchase', id: purchase.purchaseId },
        amount: purchase.price,
        description: purchaseDescription(purchase),
      });
    } catch (error) {
      await withTransaction(this.pool, (client) => forgetRequest(client, key, purchase.purchaseId));
      throw error;
    }
    return withTransaction(this.pool, async (client) => {
      const stored = await claimRequest(client, key, request);
      if (stored?.response) return stored.response;
      const updated = await client.query(
        `UPDATE billing.credit_purchases SET payment_intent_id = $2, client_secret = $3 WHERE id = $1 AND (payment_intent_id IS NULL OR payment_intent_id = $2)`,
        [purchase.purchaseId, payment.paymentIntentId, payment.clientSecret],
      );
      if (updated.rowCount !== 1) throw Problems.unavailable('the purchase is being set up: retry');
      const response = purchaseResponse((await loadPurchase(client, purchase.locationId, purchase.purchaseId))!, key.callerId);
      await saveRequest(client, key, request, { purchaseId: purchase.purchaseId, response, eventIds: [] });
      return response;
    });
  }
}
