import { refundableOf } from './payment.decider';
import { ADMIN, STRIPE, T0, eur, failed, given, payment, refund, succeeded } from './testing/payment.test-kit';

const outcome = {
  paymentId: 'pay-1',
  locationId: 'loc-1',
  payer: { type: 'user', id: 'bob' },
  purpose: { type: 'booking', id: 'booking-1' },
  amount: eur(900),
  paymentIntentId: 'pi_1',
  occurredAt: T0,
  actor: STRIPE,
} as const;

describe('payment outcomes from Stripe', () => {
  it('a success for the payment’s money succeeds', () => {
    const after = given(payment()).when(succeeded()).then([{ type: 'PaymentSucceeded', version: 1, data: outcome }]);
    expect(after.status).toBe('succeeded');
    expect(refundableOf(after)).toEqual(eur(900));
  });

  it('a success twice, or a failure after it, changes nothing (duplicates, out of order)', () => {
    given(payment(), succeeded()).when(succeeded()).then([]);
    given(payment(), succeeded()).when(failed()).then([]);
  });

  it('a failure fails; a later success of a retried card still succeeds', () => {
    const after = given(payment()).when(failed()).then([{ type: 'PaymentFailed', version: 1, data: { ...outcome, reason: 'card_declined' } }]);
    expect(after.status).toBe('failed');
    given(payment(), failed()).when(failed('expired_card')).then([]);
    given(payment(), failed()).when(succeeded()).then([{ type: 'PaymentSucceeded', version: 1, data: outcome }]);
  });

  it.each([
    ['another amount', eur(899)],
    ['another currency', { amount: 900, currency: 'USD' }],
  ])('a success for %s is a mismatch: recorded, nothing delivered, final', (_, received) => {
    const after = given(payment())
      .when(succeeded(received))
      .then([
        {
          type: 'PaymentAmountMismatched',
          version: 1,
          data: { paymentId: 'pay-1', paymentIntentId: 'pi_1', expected: eur(900), received, occurredAt: T0 },
        },
      ]);
    expect(after.status).toBe('mismatch');
    expect(refundableOf(after).amount).toBe(0);
    given(payment(), succeeded(received)).when(succeeded()).then([]);
  });

  it('ignores outcomes of another PaymentIntent', () => {
    given(payment()).when(succeeded(eur(900), 'pi_other')).then([]);
    given(payment()).when(failed('card_declined', 'pi_other')).then([]);
  });
});

describe('refunds (R15)', () => {
  const paid = () => given(payment(), succeeded());
  const issued = (amount: number, method: 'money' | 'credits', credits: number, refundId = 'refund-1') => ({
    type: 'RefundIssued' as const,
    version: 1 as const,
    data: {
      refundId,
      paymentId: 'pay-1',
      locationId: 'loc-1',
      holder: { type: 'user' as const, id: 'bob' },
      method,
      amount: eur(amount),
      credits,
      reason: 'room was unavailable',
      occurredAt: T0,
      actor: ADMIN,
    },
  });

  it('as credits: the exact equivalent, 1 credit per euro', () => {
    paid().when(refund(eur(900), 'credits')).then([issued(900, 'credits', 900)]);
    paid().when(refund(eur(1), 'credits')).then([issued(1, 'credits', 1)]);
  });

  it('as money to the card: no credits', () => {
    paid().when(refund(eur(300), 'card')).then([issued(300, 'money', 0)]);
  });

  it('never more than the refundable rest, whichever method took the first part', () => {
    const state = paid().when(refund(eur(600), 'card')).then([issued(600, 'money', 0)]);
    expect(refundableOf(state)).toEqual(eur(300));
    given(state).when(refund(eur(301), 'credits', 'refund-2')).then({ type: 'exceeds-refundable', requested: eur(301), refundable: eur(300) });
    const rest = given(state).when(refund(eur(300), 'credits', 'refund-2')).then([issued(300, 'credits', 300, 'refund-2')]);
    expect(refundableOf(rest).amount).toBe(0);
    given(rest).when(refund(eur(1), 'card', 'refund-3')).then({ type: 'exceeds-refundable', requested: eur(1), refundable: eur(0) });
  });

  it('a credit purchase’s payment is never refundable (R13)', () => {
    const purchase = payment({ purpose: { type: 'credit-purchase', id: 'purchase-1' } });
    const state = given(purchase, succeeded()).state;
    expect(refundableOf(state).amount).toBe(0);
    given(state).when(refund(eur(100), 'credits')).then({ type: 'credit-purchase-final' });
    given(state).when(refund(eur(100), 'card')).then({ type: 'credit-purchase-final' });
  });

  it('only a succeeded payment is refundable', () => {
    given(payment()).when(refund(eur(100))).then({ type: 'not-paid', status: 'awaiting_payment' });
    given(payment(), failed()).when(refund(eur(100))).then({ type: 'not-paid', status: 'failed' });
    given(payment(), succeeded(eur(1))).when(refund(eur(1))).then({ type: 'not-paid', status: 'mismatch' });
  });

  it('refuses another currency, a non-positive amount, and credits that cannot be exact', () => {
    paid().when(refund({ amount: 100, currency: 'USD' })).then({ type: 'currency-mismatch', expected: 'EUR', actual: 'USD' });
    paid().when(refund(eur(0))).then({ type: 'invalid-amount', amount: 0 });
    const kwd = { amount: 1235, currency: 'KWD' };
    given(payment({ amount: kwd }), succeeded(kwd)).when(refund(kwd, 'credits')).then({ type: 'inexact-credits', amount: kwd });
    given(payment({ amount: kwd }), succeeded(kwd))
      .when(refund(kwd, 'card'))
      .then([{ ...issued(0, 'money', 0), data: { ...issued(0, 'money', 0).data, amount: kwd } }]);
  });
});
