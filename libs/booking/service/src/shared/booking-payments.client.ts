import type { Booking } from '@credits/booking-domain';
import { INTERNAL_PAYMENTS_PATH, internalRefundPath, type CreatePaymentRequest, type InternalRefundRequest, type PaymentCreatedResponse } from '@credits/contracts/http';
import { Problems, type InternalHttpClient } from '@credits/platform';
import type { Money } from '@credits/contracts';

/**
 * The payments service's internal API for a booking's card part: one payment per booking (purpose
 * `{type: "booking", id}`, so a retry answers the same payment) and card refunds whose
 * Idempotency-Key is derived from the booking id and the step. No answer, or a 5xx, is a 503: the
 * booking stays where it is and is resumed later.
 */
export class BookingPaymentsClient {
  constructor(private readonly payments: InternalHttpClient) {}

  async create(booking: Booking): Promise<PaymentCreatedResponse> {
    const request: CreatePaymentRequest = {
      locationId: booking.locationId,
      payer: { ownerType: 'user', ownerId: booking.userId },
      purpose: { type: 'booking', id: booking.bookingId },
      amount: booking.money,
      description: `${booking.resourceName}: booking ${booking.bookingId}`,
    };
    const reply = await this.payments.call<PaymentCreatedResponse>('POST', `/${INTERNAL_PAYMENTS_PATH}`, request);
    if (reply.status === 200 || reply.status === 201) return reply.body;
    throw Problems.unavailable(`the card payment could not be started (payments answered ${reply.status})`);
  }

  async refund(booking: Booking, paymentId: string, amount: Money, step: 'refund' | 'late-refund', reason: string): Promise<void> {
    const body: InternalRefundRequest = { amount, method: 'card', reason };
    const reply = await this.payments.call('POST', internalRefundPath(paymentId), body, { 'idempotency-key': `booking:${booking.bookingId}:${step}` });
    if (reply.status !== 200 && reply.status !== 201) throw Problems.unavailable(`the card refund of booking ${booking.bookingId} failed (payments answered ${reply.status}): it is retried`);
  }
}
