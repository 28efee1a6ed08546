import { creditPurchaseCompleted, decide } from './credit-purchase.decider';
import type { PurchaseEvent } from './credit-purchase.events';
import { PURCHASE, T0, T1, company, eventsOf, facts, given, plan, start } from './testing/given-when-then.test-kit';

const started = (overrides: Partial<Extract<PurchaseEvent, { type: 'PurchaseStarted' }>['data']> = {}): PurchaseEvent => ({
  type: 'PurchaseStarted',
  data: {
    purchaseId: PURCHASE,
    locationId: 'loc-1',
    buyerId: 'bob',
    wallet: { ownerType: 'user', ownerId: 'bob' },
    optionId: 'option-1',
    optionName: '10 credits',
    credits: 1000,
    listPrice: { amount: 900, currency: 'EUR' },
    discountPercent: 0,
    price: { amount: 900, currency: 'EUR' },
    paymentMethod: 'card',
    occurredAt: T0,
    ...overrides,
  },
});
const completed = (paymentId: string | null = 'pay-1', at = T1): PurchaseEvent => ({ type: 'PurchaseCompleted', data: { purchaseId: PURCHASE, paymentId, occurredAt: at } });
const failed = (reason = 'card_declined'): PurchaseEvent => ({ type: 'PurchaseFailed', data: { purchaseId: PURCHASE, paymentId: 'pay-1', reason, occurredAt: T1 } });
const paid = (amount = 900, currency = 'EUR') => ({ type: 'RecordPaymentSucceeded', purchaseId: PURCHASE, now: T1, paymentId: 'pay-1', amount: { amount, currency } }) as const;
const declined = { type: 'RecordPaymentFailed', purchaseId: PURCHASE, now: T1, paymentId: 'pay-1', reason: 'card_declined' } as const;

describe('StartPurchase: who may buy (R11)', () => {
  it('lets a member buy for their own wallet', () => {
    given().when(start()).then([started()]);
  });

  it('hides the location from strangers and refuses someone else’s personal wallet', () => {
    given().when(start({ facts: facts({ member: null }) })).then({ type: 'not-a-member' });
    given().when(start({ facts: facts({ locationExists: false, member: null }) })).then({ type: 'location-not-found' });
    given().when(start({ wallet: { ownerType: 'user', ownerId: 'carol' } })).then({ type: 'not-your-wallet' });
  });

  it('lets company managers and members with the corporate card buy company credits, nobody else', () => {
    const wallet = { ownerType: 'company', ownerId: 'company-1' } as const;
    given().when(start({ wallet, facts: facts({ company: company({ isManager: true }) }) })).then([started({ wallet })]);
    given().when(start({ wallet, facts: facts({ company: company({ mayUseCorporateCard: true }) }) })).then([started({ wallet })]);
    given().when(start({ wallet, facts: facts({ company: company({ mayUseCorporateCard: false }) }) })).then({ type: 'corporate-card-not-allowed' });
    given().when(start({ wallet, facts: facts({ company: company({ isMember: false, mayUseCorporateCard: false }) }) })).then({ type: 'not-in-company' });
    given().when(start({ wallet, facts: facts({ company: company({ exists: false }) }) })).then({ type: 'company-not-found' });
    given().when(start({ wallet, facts: facts() })).then({ type: 'company-not-found' });
    given().when(start({ wallet, facts: facts({ company: company({ archived: true }) }) })).then({ type: 'company-archived' });
  });

  it('checks who before anything else: a stranger learns nothing about settings or options', () => {
    given().when(start({ option: null, facts: facts({ member: null, creditsEnabled: false }) })).then({ type: 'not-a-member' });
  });
});

describe('StartPurchase: settings and options (R2, R10)', () => {
  it('refuses when credits are off', () => {
    given().when(start({ facts: facts({ creditsEnabled: false }) })).then({ type: 'credits-disabled' });
  });

  it('refuses unknown and archived options, and an option in another currency', () => {
    given().when(start({ option: null })).then({ type: 'option-not-found' });
    given().when(start({ option: { ...start().option!, status: 'archived' } })).then({ type: 'option-archived' });
    given().when(start({ facts: facts({ currency: 'CHF' }) })).then({ type: 'currency-mismatch' });
  });
});

describe('StartPurchase: price and payment method (R10, R12)', () => {
  it('charges the list price less the wallet holder’s plan discount', () => {
    const member = facts({ plan: plan({ creditOptionDiscountPercent: 10 }) });
    given().when(start({ facts: member })).then([started({ discountPercent: 10, price: { amount: 810, currency: 'EUR' } })]);
    // Company credits take the company plan's terms, not the buyer's.
    const wallet = { ownerType: 'company', ownerId: 'company-1' } as const;
    const companyFacts = facts({ plan: plan({ creditOptionDiscountPercent: 10 }), company: company({ plan: plan({ creditOptionDiscountPercent: 50 }) }) });
    given().when(start({ wallet, facts: companyFacts })).then([started({ wallet, discountPercent: 50, price: { amount: 450, currency: 'EUR' } })]);
  });

  it('completes a bill purchase at once, only when the holder’s plan allows bills', () => {
    given().when(start({ paymentMethod: 'bill' })).then({ type: 'bill-payment-not-enabled' });
    given().when(start({ paymentMethod: 'bill', facts: facts({ plan: plan({ billPaymentEnabled: false }) }) })).then({ type: 'bill-payment-not-enabled' });
    given()
      .when(start({ paymentMethod: 'bill', facts: facts({ plan: plan({ billPaymentEnabled: true }) }) }))
      .then([started({ paymentMethod: 'bill' }), completed(null, T0)]);
  });

  it('completes a free purchase at once when the discount makes it free, and only then', () => {
    const free = facts({ plan: plan({ creditOptionDiscountPercent: 100 }) });
    given()
      .when(start({ paymentMethod: 'free', facts: free }))
      .then([started({ paymentMethod: 'free', discountPercent: 100, price: { amount: 0, currency: 'EUR' } }), completed(null, T0)]);
    given().when(start({ paymentMethod: 'free' })).then({ type: 'not-free', price: { amount: 900, currency: 'EUR' } });
    given().when(start({ paymentMethod: 'card', facts: free })).then({ type: 'nothing-to-pay' });
    given().when(start({ paymentMethod: 'bill', facts: facts({ plan: plan({ creditOptionDiscountPercent: 100, billPaymentEnabled: true }) }) })).then({ type: 'nothing-to-pay' });
  });

  it('never starts the same purchase twice', () => {
    given(started()).when(start()).then({ type: 'purchase-exists' });
  });
});

describe('card payments', () => {
  it('completes once when the payment succeeds; the same success again changes nothing', () => {
    const state = given(started()).when(paid()).then([completed()]);
    expect(state).toMatchObject({ status: 'completed', paymentId: 'pay-1', completedAt: T1 });
    given(started(), completed()).when(paid()).then([]);
  });

  it('refuses a payment of another amount or currency: nothing is delivered', () => {
    given(started()).when(paid(899)).then({ type: 'payment-mismatch', expected: { amount: 900, currency: 'EUR' }, paid: { amount: 899, currency: 'EUR' } });
    given(started()).when(paid(900, 'USD')).then({ type: 'payment-mismatch' });
  });

  it('marks a failed payment, and completes when a retry with another card succeeds', () => {
    const state = given(started()).when(declined).then([failed()]);
    expect(state).toMatchObject({ status: 'failed', failureReason: 'card_declined' });
    given(started(), failed()).when(paid()).then([completed()]);
  });

  it('ignores a failure that arrives after the success (out of order) or twice', () => {
    given(started(), completed()).when(declined).then([]);
    given(started(), failed()).when(declined).then([]);
  });

  it('takes payments only for card purchases that exist', () => {
    given().when(paid()).then({ type: 'purchase-not-found' });
    given(started({ paymentMethod: 'bill' }), completed(null)).when(paid()).then({ type: 'not-a-card-purchase' });
    given(started({ paymentMethod: 'free' }), completed(null)).when(declined).then({ type: 'not-a-card-purchase' });
  });
});

describe('CancelPurchase (R13)', () => {
  it('is always refused: purchases are final, in every state', () => {
    for (const history of [[started()], [started(), completed()], [started(), failed()]]) {
      given(...history).when({ type: 'CancelPurchase', purchaseId: PURCHASE, now: T1 }).then({ type: 'purchase-final' });
    }
    given().when({ type: 'CancelPurchase', purchaseId: PURCHASE, now: T1 }).then({ type: 'purchase-not-found' });
  });
});

describe('the published CreditPurchaseCompleted', () => {
  it('names the holder, the credits, the exact price and the unit price', () => {
    const events = eventsOf(start({ paymentMethod: 'bill', facts: facts({ plan: plan({ billPaymentEnabled: true }) }) }));
    const purchase = given(events).state!;
    expect(creditPurchaseCompleted(purchase)).toEqual({
      type: 'CreditPurchaseCompleted',
      version: 1,
      data: {
        purchaseId: PURCHASE,
        locationId: 'loc-1',
        holder: { type: 'user', id: 'bob' },
        credits: 1000,
        unitPrice: { amount: 90, currency: 'EUR' },
        price: { amount: 900, currency: 'EUR' },
        paymentMethod: 'bill',
        buyerId: 'bob',
        occurredAt: T0,
        actor: { type: 'user', id: 'bob' },
      },
    });
  });

  it('exists only for completed purchases', () => {
    expect(() => creditPurchaseCompleted(given(started()).state!)).toThrow(/not completed/);
  });
});

it('throws on an unknown command (exhaustive switch)', () => {
  expect(() => decide({ type: 'Teleport' } as never, null)).toThrow(/unknown purchase command/);
});
