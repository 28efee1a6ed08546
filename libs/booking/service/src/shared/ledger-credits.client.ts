import type { Booking } from '@credits/booking-domain';
import { creditsFromText, creditsToText, walletIdFor } from '@credits/contracts';
import type { CaptureHoldRequest, HoldCreditsRequest, RefundCreditsRequest, ReleaseHoldRequest } from '@credits/contracts/http';
import { isRefusal, Problems, type InternalHttpClient } from '@credits/platform';

/** What a ledger step answered: done, or refused for good (the booking fails), with why. */
export type LedgerOutcome =
  | { readonly ok: true; readonly holdId: string }
  | { readonly ok: false; readonly reason: string; readonly shortfall: number | null; readonly problem: Record<string, unknown> };

/**
 * The ledger's internal API (hold, capture, refund) for one booking. Every call's Idempotency-Key
 * is derived from the booking id and the step, so a retry, a second worker or a recovery after a
 * crash gets the first answer and never takes or gives credits twice. No answer, or a 5xx, is a
 * 503 problem: the booking stays where it is and is resumed later.
 */
export class LedgerCreditsClient {
  constructor(private readonly ledger: InternalHttpClient) {}

  hold(booking: Booking, expiresAt: Date): Promise<LedgerOutcome> {
    const body: HoldCreditsRequest = {
      amount: creditsToText(booking.credits),
      purpose: { resourceType: booking.resourceType, reference: booking.bookingId },
      reason: `${booking.resourceName}: booking ${booking.bookingId}`,
      expiresAt: expiresAt.toISOString(),
    };
    // A split lowered to the balance holds again under a key naming the new amount.
    return this.step(booking, booking.repriced ? `hold:${booking.credits}` : 'hold', '/holds', body);
  }

  capture(booking: Booking): Promise<LedgerOutcome> {
    const body: CaptureHoldRequest = { reason: `${booking.resourceName}: booking ${booking.bookingId} confirmed` };
    return this.step(booking, 'capture', `/holds/${encodeURIComponent(booking.holdId!)}/capture`, body);
  }

  release(booking: Booking): Promise<LedgerOutcome> {
    const body: ReleaseHoldRequest = { reason: `${booking.resourceName}: booking ${booking.bookingId} failed (${booking.failureReason ?? 'unpaid'})` };
    return this.step(booking, 'release', `/holds/${encodeURIComponent(booking.holdId!)}/release`, body);
  }

  refund(booking: Booking): Promise<LedgerOutcome> {
    const body: RefundCreditsRequest = {
      holdId: booking.holdId!,
      amount: creditsToText(booking.refundCredits!),
      reason: `${booking.resourceName}: booking ${booking.bookingId} cancelled (${booking.refundPercent}% refund)`,
    };
    return this.step(booking, 'refund', '/refunds', body);
  }

  private async step(booking: Booking, step: string, path: string, body: object): Promise<LedgerOutcome> {
    const wallet = walletIdFor({ locationId: booking.locationId, ownerType: booking.wallet!.type, ownerId: booking.wallet!.id });
    const reply = await this.ledger.call<Record<string, unknown>>('POST', `/internal/v1/wallets/${encodeURIComponent(wallet)}${path}`, body, {
      'idempotency-key': `booking:${booking.bookingId}:${step}`,
    });
    if (reply.status === 200 || reply.status === 201) return { ok: true, holdId: String(reply.body.holdId ?? booking.holdId) };
    if (isRefusal(reply.status)) {
      const shortfall = typeof reply.body?.shortfall === 'string' ? reply.body.shortfall : null;
      return {
        ok: false,
        reason: String(reply.body?.detail ?? `the ledger refused the ${step} (${reply.status})`),
        shortfall: shortfall === null ? null : creditsFromText(shortfall),
        problem: reply.body ?? {},
      };
    }
    throw Problems.unavailable(`the ledger could not ${step} the credits now (it answered ${reply.status}): the booking is resumed later`);
  }
}

