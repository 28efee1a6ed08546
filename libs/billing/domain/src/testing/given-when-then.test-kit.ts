import type { CompanyFactsView, MemberFactsResponse, PlanTerms } from '@credits/contracts/http';
import type { PurchaseCommand, StartPurchase } from '../credit-purchase.commands';
import { deciderSpec } from '@credits/decider-testing';
import { decide } from '../credit-purchase.decider';
import type { PurchaseEvent } from '../credit-purchase.events';
import type { PurchaseRejection } from '../credit-purchase.rejections';
import { evolve, type PurchaseState } from '../credit-purchase.state';

/** Test-only helpers: `given(events).when(command).then(events | rejection)`. */

export const PURCHASE = 'purchase-1';
export const LOCATION = 'loc-1';
export const T0 = '2026-05-01T10:00:00.000Z';
export const T1 = '2026-05-01T10:05:00.000Z';
export const COMPANY = 'company-1';

export const plan = (terms: Partial<PlanTerms> = {}): PlanTerms => ({
  planId: 'plan-1',
  creditOptionDiscountPercent: 0,
  resourceDiscountPercent: 0,
  billPaymentEnabled: false,
  ...terms,
});

export const company = (view: Partial<CompanyFactsView> = {}): CompanyFactsView => ({
  exists: true,
  archived: false,
  isMember: true,
  isManager: false,
  mayUseCorporateCard: true,
  plan: null,
  ...view,
});

/** An active member of an EUR location with credits on, on no plan. */
export const facts = (overrides: Partial<MemberFactsResponse> = {}): MemberFactsResponse => ({
  locationExists: true,
  currency: 'EUR',
  timezone: 'Europe/Berlin',
  creditsEnabled: true,
  discountAppliesToCredits: false,
  member: { role: 'member' },
  plan: null,
  ...overrides,
});

/** Bob buys "10 credits" (10.00 credits for EUR 9.00) for his own wallet by card, unless told otherwise. */
export function start(overrides: Partial<Omit<StartPurchase, 'type'>> = {}): StartPurchase {
  return {
    type: 'StartPurchase',
    purchaseId: PURCHASE,
    now: T0,
    locationId: LOCATION,
    buyerId: 'bob',
    wallet: { ownerType: 'user', ownerId: 'bob' },
    paymentMethod: 'card',
    option: { optionId: 'option-1', name: '10 credits', status: 'active', credits: 1000, listPrice: { amount: 900, currency: 'EUR' } },
    facts: facts(),
    ...overrides,
  };
}

/** The events `command` gives on no purchase (it must be accepted). */
export function eventsOf(command: StartPurchase): readonly PurchaseEvent[] {
  const result = decide(command, null);
  if (!result.ok) throw new Error(`expected events, got ${JSON.stringify(result.rejection)}`);
  return result.events;
}

export const given = deciderSpec<PurchaseCommand, PurchaseEvent, PurchaseState, PurchaseRejection>({
  decide,
  evolve,
  replay: (history) => history.reduce<PurchaseState>(evolve, null),
});
