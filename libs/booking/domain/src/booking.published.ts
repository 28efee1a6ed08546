import type { BookingEvent, Money } from '@credits/contracts';
import type { RefundPart } from './booking.events';
import type { Booking } from './booking.state';

/** What every booking event says about what was booked and by whom. */
function identity(booking: Booking) {
  return { bookingId: booking.bookingId, locationId: booking.locationId, resourceId: booking.resourceId, resourceType: booking.resourceType, userId: booking.userId };
}

/** The public event of a confirmed booking, by what was booked (section 5 contracts). */
export function confirmedEvent(booking: Booking): BookingEvent {
  if (booking.confirmedAt === null) throw new Error(`booking ${booking.bookingId} is not confirmed`);
  const type = booking.kind === 'check-in' ? 'CheckInRecorded' : booking.resourceType === 'event' ? 'TicketPurchased' : booking.resourceType === 'product' ? 'OrderPlaced' : 'BookingConfirmed';
  return {
    type,
    version: 1,
    data: {
      ...identity(booking),
      start: booking.start,
      end: booking.end,
      date: booking.date,
      quantity: booking.quantity,
      payment: { method: booking.method, wallet: booking.wallet, credits: booking.credits, money: booking.money },
      occurredAt: booking.confirmedAt,
      actor: { type: 'user', id: booking.userId },
    },
  };
}

/** The public event of a finished cancellation with its refund. */
export function cancelledEvent(booking: Booking): BookingEvent {
  const actorId = booking.cancelledBy ?? booking.userId;
  if (booking.status !== 'cancelled' || booking.cancelledAt === null) throw new Error(`booking ${booking.bookingId} is not cancelled`);
  return {
    type: booking.resourceType === 'product' ? 'OrderCancelled' : 'BookingCancelled',
    version: 1,
    data: {
      ...identity(booking),
      refund: refundGiven(booking),
      refundPercent: booking.refundPercent ?? 0,
      occurredAt: booking.cancelledAt,
      actor: { type: 'user', id: actorId },
    },
  };
}

/** The public event of an order handed over. */
export function fulfilledEvent(booking: Booking): BookingEvent {
  if (!booking.fulfilled) throw new Error(`order ${booking.bookingId} is not fulfilled`);
  return {
    type: 'OrderFulfilled',
    version: 1,
    data: { ...identity(booking), quantity: booking.quantity, occurredAt: booking.fulfilled.at, actor: { type: 'user', id: booking.fulfilled.by } },
  };
}

/** What a cancellation gave back: a part refused for good (see refundsRefused) went nowhere. */
export function refundGiven(booking: Booking): { credits: number; money: Money } {
  const refused = (part: RefundPart) => (booking.refundsRefused ?? []).some((r) => r.part === part);
  return {
    credits: refused('credits') ? 0 : (booking.refundCredits ?? 0),
    money: refused('money') ? { amount: 0, currency: booking.money.currency } : (booking.refundMoney ?? { amount: 0, currency: booking.money.currency }),
  };
}
