import { decide, type PaymentMethod, type WalletRef } from '@credits/billing-domain';
import type { MemberFactsResponse } from '@credits/contracts/http';
import { withTransaction } from '@credits/event-store';
import { runMigrations } from '@credits/platform/core';
import { createTestDatabase } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { billingMigrations } from '../migrations';
import { BILLING_SCHEMA } from '../shared/billing.tokens';
import { applyPurchaseEvents } from '../shared/purchase-effects';

/** A fresh database with the billing schema migrated. */
export async function billingTestDatabase(name: string): Promise<{ pool: Pool; databaseUrl: string }> {
  const databaseUrl = await createTestDatabase(name);
  await runMigrations(databaseUrl, BILLING_SCHEMA, billingMigrations);
  return { pool: new Pool({ connectionString: databaseUrl, max: 4 }), databaseUrl };
}

export const memberFacts = (overrides: Partial<MemberFactsResponse> = {}): MemberFactsResponse => ({
  locationExists: true,
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  creditsEnabled: true,
  discountAppliesToCredits: false,
  member: { role: 'member' },
  plan: { planId: 'plan-1', creditOptionDiscountPercent: 0, resourceDiscountPercent: 0, billPaymentEnabled: true },
  ...overrides,
});

/** Starts a purchase of 10.00 credits for `price` minor units of EUR the way the buy slice stores it; returns its id. */
export async function startedPurchase(
  pool: Pool,
  options: { locationId: string; buyerId: string; price: number; paymentMethod?: PaymentMethod; wallet?: WalletRef },
): Promise<string> {
  const purchaseId = randomUUID();
  const now = new Date('2026-05-01T10:00:00.000Z');
  const decision = decide(
    {
      type: 'StartPurchase',
      purchaseId,
      now: now.toISOString(),
      locationId: options.locationId,
      buyerId: options.buyerId,
      wallet: options.wallet ?? { ownerType: 'user', ownerId: options.buyerId },
      paymentMethod: options.paymentMethod ?? 'card',
      option: { optionId: randomUUID(), name: '10 credits', status: 'active', credits: 1000, listPrice: { amount: options.price, currency: 'EUR' } },
      facts: memberFacts(),
    },
    null,
  );
  if (!decision.ok) throw new Error(JSON.stringify(decision.rejection));
  await withTransaction(pool, (client) => applyPurchaseEvents(client, null, decision.events, now));
  return purchaseId;
}
