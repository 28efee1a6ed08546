import type { Actor, Money } from '@credits/contracts';
import { decide, evolve, type PaymentCommand, type PaymentEvent, type PaymentRejection, type PaymentState } from '../payment.decider';

/** Test-only helpers: `given(state, ...events).when(command).then(events | rejection)`. */

export const T0 = '2026-12-01T10:00:00.000Z';
export const ADMIN: Actor = { type: 'user', id: 'alice' };
export const STRIPE: Actor = { type: 'system', id: 'stripe-webhook' };
export const eur = (amount: number): Money => ({ amount, currency: 'EUR' });

export function payment(overrides: Partial<PaymentState> = {}): PaymentState {
  return {
    paymentId: 'pay-1',
    locationId: 'loc-1',
    payer: { type: 'user', id: 'bob' },
    purpose: { type: 'booking', id: 'booking-1' },
    amount: eur(900),
    paymentIntentId: 'pi_1',
    status: 'awaiting_payment',
    refunded: 0,
    ...overrides,
  };
}

export const succeeded = (received: Money = eur(900), paymentIntentId = 'pi_1'): PaymentCommand => ({
  type: 'RecordPaymentSucceeded',
  paymentIntentId,
  received,
  now: T0,
  actor: STRIPE,
});

export const failed = (reason = 'card_declined', paymentIntentId = 'pi_1'): PaymentCommand => ({
  type: 'RecordPaymentFailed',
  paymentIntentId,
  reason,
  now: T0,
  actor: STRIPE,
});

export const refund = (amount: Money, method: 'card' | 'credits' = 'credits', refundId = 'refund-1'): PaymentCommand => ({
  type: 'RefundPayment',
  refundId,
  amount,
  method,
  reason: 'room was unavailable',
  now: T0,
  actor: ADMIN,
});

export function given(state: PaymentState, ...history: PaymentCommand[]) {
  const start = history.reduce((current, command) => {
    const result = decide(command, current);
    if (!result.ok) throw new Error(`history rejected: ${JSON.stringify(result.rejection)}`);
    return result.events.reduce(evolve, current);
  }, state);
  return {
    state: start,
    when(command: PaymentCommand) {
      const result = decide(command, start);
      return {
        then(expected: readonly PaymentEvent[] | PaymentRejection): PaymentState {
          if (Array.isArray(expected)) {
            expect(result).toEqual({ ok: true, events: expected });
            return (result.ok ? result.events : []).reduce(evolve, start);
          }
          expect(result).toEqual({ ok: false, rejection: expected });
          return start;
        },
      };
    },
  };
}
