import type { CreatePaymentRequest, PaymentCreatedResponse } from '@credits/contracts/http';
import { ProblemException } from '@credits/platform/core';

/** Card payments through the payments service (Stripe, its PaymentsClient): one payment per purpose, a retry answers the same one. */
export interface CardPayments {
  create(request: CreatePaymentRequest): Promise<PaymentCreatedResponse>;
}

/** Without a payments service (no PAYMENTS_URL): card purchases answer 503, bill and free keep working. */
export class CardPaymentsNotConfigured implements CardPayments {
  async create(): Promise<PaymentCreatedResponse> {
    throw new ProblemException(503, 'card-payments-not-configured', 'Card payments are not configured', 'card payments are not configured: pay by bill, or ask the operator to set up payments');
  }
}
