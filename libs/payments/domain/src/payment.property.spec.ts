import fc from 'fast-check';
import { creditsForMoney } from './currency-units.value';
import { decide, evolve, refundableOf, type PaymentCommand, type PaymentState } from './payment.decider';
import { eur, failed, payment, refund, succeeded } from './testing/payment.test-kit';

/** Stripe outcomes (mostly for the paid amount) and refunds of small amounts, so they often land right at, above and below the rest. */
const commandsFor = (paid: number): fc.Arbitrary<PaymentCommand[]> =>
  fc.array(
    fc.oneof(
      fc.constant(succeeded(eur(paid))),
      fc.integer({ min: 0, max: 60 }).map((amount) => succeeded(eur(amount))),
      fc.constant(failed()),
      fc
        .record({ amount: fc.integer({ min: -1, max: 60 }), method: fc.constantFrom('card' as const, 'credits' as const) })
        .map(({ amount, method }) => refund(eur(amount), method)),
      fc.integer({ min: 1, max: 3 }).map((amount) => refund(eur(amount), 'credits')),
    ),
    { maxLength: 40 },
  );

describe('payment invariants (property)', () => {
  it('refunds never exceed the paid amount, happen only after a success, and credits are exact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }).chain((paid) => fc.tuple(fc.constant(paid), commandsFor(paid))),
        fc.constantFrom('booking' as const, 'credit-purchase' as const),
        ([paid, commands], purposeType) => {
          let state: PaymentState = payment({ amount: eur(paid), purpose: { type: purposeType, id: 'p' } });
          let refunded = 0;
          let everSucceeded = false;
          for (const next of commands) {
            const result = decide(next, state);
            if (!result.ok) continue;
            for (const event of result.events) {
              if (event.type === 'PaymentSucceeded') everSucceeded = true;
              if (event.type === 'RefundIssued') {
                expect(everSucceeded).toBe(true);
                expect(purposeType).toBe('booking');
                expect(event.data.credits).toBe(event.data.method === 'credits' ? creditsForMoney(event.data.amount) : 0);
                refunded += event.data.amount.amount;
              }
              state = evolve(state, event);
            }
            expect(refunded).toBeLessThanOrEqual(paid);
            expect(state.refunded).toBe(refunded);
            expect(refundableOf(state).amount).toBe(state.status === 'succeeded' && purposeType === 'booking' ? paid - refunded : 0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
