import type { BookingDomainEvent } from './booking.events';
import { latePaymentRefundDue } from './booking.decider';
import { cancelledEvent } from './booking.published';
import { BOOKING, LATER, eventsOf, given, place } from './testing/given-when-then.test-kit';

// Bob's room: 2 hours at 2.00 credits and 10.00 EUR an hour; split with at most 3.00 credits -> 5.00 EUR by card.
const split = eventsOf(place({ payment: { method: 'split', maxCredits: 300 } }))[0];
const card = eventsOf(place({ payment: { method: 'card' } }))[0];
const held: BookingDomainEvent = { type: 'CreditsHeld', data: { holdId: 'hold-1', occurredAt: LATER } };
const payment = { paymentId: 'pay-1', paymentIntentId: 'pi_1', clientSecret: 'pi_1_secret' };
const started: BookingDomainEvent = { type: 'PaymentStarted', data: { ...payment, occurredAt: LATER } };
const succeeded = (amount = 500) => ({ type: 'RecordPaymentSucceeded', bookingId: BOOKING, now: LATER, paymentId: 'pay-1', amount: { amount, currency: 'EUR' } }) as const;
const failed = { type: 'RecordPaymentFailed', bookingId: BOOKING, now: LATER, reason: 'card_declined' } as const;
const received: BookingDomainEvent = { type: 'PaymentReceived', data: { paymentId: 'pay-1', occurredAt: LATER } };

describe('card and split bookings: awaiting_payment until payments says so', () => {
  it('split charges 3.00 credits and the uncovered quarter of 20.00 EUR by card; the payment starts after the hold', () => {
    expect(split.data).toMatchObject({ method: 'split', credits: 300, money: { amount: 500, currency: 'EUR' } });
    given(split).when({ type: 'RecordPaymentStarted', bookingId: BOOKING, now: LATER, payment }).then([started]);
    expect(given(split, held, started).state).toMatchObject({ status: 'awaiting_payment', holdId: 'hold-1', payment });
    given(split, held, started).when({ type: 'RecordPaymentStarted', bookingId: BOOKING, now: LATER, payment }).then([]);
  });

  it('split without maxCredits takes credits up to the balance: a hold short by 1.00 lowers the credits to 3.00 and charges 5.00 EUR by card', () => {
    const whole = eventsOf(place({ payment: { method: 'split' } }))[0];
    expect(whole.data).toMatchObject({ credits: 400, money: { amount: 0 }, splitPrice: { credits: 400, money: { amount: 2000, currency: 'EUR' } } });
    const refused = (shortfall: number | null) => ({ type: 'RecordHoldRefused', bookingId: BOOKING, now: LATER, reason: 'not enough credits', shortfall }) as const;
    const repriced: BookingDomainEvent = { type: 'SplitRepriced', data: { credits: 300, money: { amount: 500, currency: 'EUR' }, occurredAt: LATER } };
    given(whole).when(refused(100)).then([repriced]);
    expect(given(whole, repriced).state).toMatchObject({ status: 'pending', credits: 300, money: { amount: 500 }, repriced: true });
    // No credits at all: everything by card. No shortfall (another reason): the booking fails.
    given(whole).when(refused(400)).then([{ type: 'SplitRepriced', data: { credits: 0, money: { amount: 2000, currency: 'EUR' }, occurredAt: LATER } }]);
    given(whole).when(refused(null)).then([{ type: 'BookingFailed', data: { reason: 'not enough credits', shortfall: null, occurredAt: LATER } }]);
    // With maxCredits the booker chose the amount: a shortfall fails it.
    given(split).when(refused(100)).then([{ type: 'BookingFailed', data: { reason: 'not enough credits', shortfall: 100, occurredAt: LATER } }]);
  });

  it('card: confirmed when the payment succeeds; split: paid, then the hold is captured, then confirmed', () => {
    given(card, started).when(succeeded(2000)).then([received, { type: 'BookingConfirmed', data: { occurredAt: LATER } }]);
    given(split, held, started).when(succeeded()).then([received]);
    given(split, held, started, received).when({ type: 'RecordCaptured', bookingId: BOOKING, now: LATER }).then([{ type: 'BookingConfirmed', data: { occurredAt: LATER } }]);
    // A redelivered success changes nothing; a split not yet paid is not captured.
    given(split, held, started, received).when(succeeded()).then([]);
    given(split, held, started).when({ type: 'RecordCaptured', bookingId: BOOKING, now: LATER }).then({ type: 'wrong-step' });
  });

  it('refuses a payment that does not match the booking (other payment or amount)', () => {
    given(split, held, started).when(succeeded(499)).then({ type: 'wrong-step' });
    given(split, held, started).when({ ...succeeded(), paymentId: 'pay-2' }).then({ type: 'wrong-step' });
  });

  it('a failed or timed-out payment fails the booking, then its hold is released once', () => {
    const bookingFailed: BookingDomainEvent = { type: 'BookingFailed', data: { reason: 'card_declined', shortfall: null, occurredAt: LATER } };
    given(split, held, started).when(failed).then([bookingFailed]);
    given(split, held, started, received).when(failed).then([]);
    // A card payment payments could not start times out as well; a credits-only booking does not.
    given(card).when(failed).then([{ ...bookingFailed }]);
    given(eventsOf(place())[0]).when(failed).then([]);
    const release = { type: 'RecordHoldReleased', bookingId: BOOKING, now: LATER } as const;
    given(split, held, started, bookingFailed).when(release).then([{ type: 'HoldReleased', data: { occurredAt: LATER } }]);
    given(split, held, started, bookingFailed, { type: 'HoldReleased', data: { occurredAt: LATER } }).when(release).then([]);
  });

  it('payments refusing to start the card payment (a 4xx: amount or currency) fails the booking at once; a split hold is released next, once', () => {
    const refused = { type: 'RecordPaymentFailed', bookingId: BOOKING, now: LATER, reason: 'card payment refused: EUR 500 cannot be charged by card exactly' } as const;
    const bookingFailed: BookingDomainEvent = { type: 'BookingFailed', data: { reason: refused.reason, shortfall: null, occurredAt: LATER } };
    const failedSplit = given(split, held).when(refused).then([bookingFailed]);
    expect(failedSplit).toMatchObject({ status: 'failed', failureReason: refused.reason, holdId: 'hold-1' });
    expect(failedSplit?.payment).toBeUndefined();
    given(card).when(refused).then([bookingFailed]);
    given(split, held, bookingFailed).when({ type: 'RecordHoldReleased', bookingId: BOOKING, now: LATER }).then([{ type: 'HoldReleased', data: { occurredAt: LATER } }]);
    // A payment that never started cannot be captured.
    given(split, held, bookingFailed).when({ type: 'RecordCaptured', bookingId: BOOKING, now: LATER }).then({ type: 'wrong-step' });
  });

  it('a payment that succeeds after the booking failed is refunded by card, once, and never delivered', () => {
    const bookingFailed: BookingDomainEvent = { type: 'BookingFailed', data: { reason: 'timeout', shortfall: null, occurredAt: LATER } };
    const late: BookingDomainEvent = { type: 'LatePaymentReceived', data: { paymentId: 'pay-1', amount: { amount: 500, currency: 'EUR' }, occurredAt: LATER } };
    given(split, held, started, bookingFailed).when(succeeded()).then([late]);
    given(split, held, started, bookingFailed, late).when(succeeded()).then([]);
    expect(given(split, held, started, bookingFailed, late).state).toMatchObject({ status: 'failed', latePayment: { refunded: false } });
    const refunded = { type: 'RecordLatePaymentRefunded', bookingId: BOOKING, now: LATER } as const;
    given(split, held, started, bookingFailed, late).when(refunded).then([{ type: 'LatePaymentRefunded', data: { occurredAt: LATER } }]);
  });

  it('a late payment whose card refund payments refuses for good (a 4xx) is recorded once, settled: never retried nor refunded twice', () => {
    const bookingFailed: BookingDomainEvent = { type: 'BookingFailed', data: { reason: 'timeout', shortfall: null, occurredAt: LATER } };
    const late: BookingDomainEvent = { type: 'LatePaymentReceived', data: { paymentId: 'pay-1', amount: { amount: 500, currency: 'EUR' }, occurredAt: LATER } };
    const refuse = { type: 'RecordLatePaymentRefundRefused', bookingId: BOOKING, now: LATER, reason: 'payment already disputed' } as const;
    const refused: BookingDomainEvent = { type: 'LatePaymentRefundRefused', data: { reason: 'payment already disputed', occurredAt: LATER } };
    const settled = given(split, held, started, bookingFailed, late).when(refuse).then([refused]);
    expect(settled).toMatchObject({ status: 'failed', latePayment: { refunded: false, refundRefused: 'payment already disputed' } });
    expect(latePaymentRefundDue(settled!)).toBe(false);
    given(split, held, started, bookingFailed, late, refused).when(refuse).then([]);
    given(split, held, started, bookingFailed, late, refused).when({ type: 'RecordLatePaymentRefunded', bookingId: BOOKING, now: LATER }).then([]);
  });

  it('a refund part refused for good (a 4xx from the ledger or payments) is recorded once, not retried: the cancellation ends, the event says only what went back', () => {
    const confirmed: BookingDomainEvent = { type: 'BookingConfirmed', data: { occurredAt: LATER } };
    const startedCancel: BookingDomainEvent = { type: 'CancellationStarted', data: { refundPercent: 100, refundCredits: 300, refundMoney: { amount: 500, currency: 'EUR' }, cancelledBy: 'bob', occurredAt: LATER } };
    const history = [split, held, started, received, confirmed, startedCancel];
    const refuse = { type: 'RecordRefundRefused', bookingId: BOOKING, now: LATER, part: 'credits', reason: 'wallet closed' } as const;
    const refusedCredits: BookingDomainEvent = { type: 'RefundRefused', data: { part: 'credits', reason: 'wallet closed', occurredAt: LATER } };
    given(...history).when(refuse).then([refusedCredits]);
    // Settled: a repeat, or a late success of the same part, changes nothing (never given twice).
    given(...history, refusedCredits).when(refuse).then([]);
    given(...history, refusedCredits).when({ type: 'RecordRefunded', bookingId: BOOKING, now: LATER, part: 'credits' }).then([]);
    const cancelled = given(...history, refusedCredits).when({ type: 'RecordRefunded', bookingId: BOOKING, now: LATER, part: 'money' }).then([
      { type: 'PartRefunded', data: { part: 'money', occurredAt: LATER } },
      { type: 'BookingCancelled', data: { occurredAt: LATER } },
    ]);
    expect(cancelled).toMatchObject({ status: 'cancelled', refundsRefused: [{ part: 'credits', reason: 'wallet closed' }] });
    expect(cancelledEvent(cancelled!).data).toMatchObject({ refund: { credits: 0, money: { amount: 500, currency: 'EUR' } } });
    // Only a cancellation has refunds to refuse.
    given(split, held, started, received, confirmed).when(refuse).then({ type: 'wrong-step' });
  });

  it('cancelling a split booking refunds both parts; it is cancelled once both are back', () => {
    const confirmed: BookingDomainEvent = { type: 'BookingConfirmed', data: { occurredAt: LATER } };
    const history = [split, held, started, received, confirmed];
    const cancelling = given(...history).when({ type: 'CancelBooking', bookingId: BOOKING, now: '2026-06-02T20:00:00.000Z', actorId: 'bob' }).then([
      { type: 'CancellationStarted', data: { refundPercent: 50, refundCredits: 150, refundMoney: { amount: 250, currency: 'EUR' }, cancelledBy: 'bob', occurredAt: '2026-06-02T20:00:00.000Z' } },
    ]);
    expect(cancelling).toMatchObject({ status: 'cancelling' });
    const startedCancel: BookingDomainEvent = { type: 'CancellationStarted', data: { refundPercent: 50, refundCredits: 150, refundMoney: { amount: 250, currency: 'EUR' }, cancelledBy: 'bob', occurredAt: LATER } };
    const creditsBack: BookingDomainEvent = { type: 'PartRefunded', data: { part: 'credits', occurredAt: LATER } };
    given(...history, startedCancel).when({ type: 'RecordRefunded', bookingId: BOOKING, now: LATER, part: 'credits' }).then([creditsBack]);
    given(...history, startedCancel, creditsBack).when({ type: 'RecordRefunded', bookingId: BOOKING, now: LATER, part: 'credits' }).then([]);
    given(...history, startedCancel, creditsBack).when({ type: 'RecordRefunded', bookingId: BOOKING, now: LATER, part: 'money' }).then([
      { type: 'PartRefunded', data: { part: 'money', occurredAt: LATER } },
      { type: 'BookingCancelled', data: { occurredAt: LATER } },
    ]);
  });
});
