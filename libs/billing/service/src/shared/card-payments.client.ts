import { INTERNAL_PAYMENTS_PATH, type CreatePaymentRequest, type PaymentCreatedResponse } from '@credits/contracts/http';
import type { InternalHttpClient } from '@credits/platform';
import { PROBLEM_TYPE_BASE, ProblemException, Problems, type ProblemDetails } from '@credits/platform/core';

/** Card payments through the payments service (Stripe): one payment per purpose, a retry answers the same one. */
export interface CardPayments {
  create(request: CreatePaymentRequest): Promise<PaymentCreatedResponse>;
}

export class PaymentsClient implements CardPayments {
  constructor(private readonly payments: InternalHttpClient) {}

  async create(request: CreatePaymentRequest): Promise<PaymentCreatedResponse> {
    const reply = await this.payments.call<PaymentCreatedResponse | ProblemDetails>('POST', `/${INTERNAL_PAYMENTS_PATH}`, request);
    if (reply.status === 200 || reply.status === 201) return reply.body as PaymentCreatedResponse;
    // "card payments are not configured" (503) and the like reach the buyer as payments said them.
    const problem = reply.body as Partial<ProblemDetails> | null;
    if (reply.status === 503 && typeof problem?.type === 'string' && problem.type.startsWith(PROBLEM_TYPE_BASE)) {
      throw new ProblemException(503, problem.type.slice(PROBLEM_TYPE_BASE.length), String(problem.title ?? 'Unavailable'), problem.detail);
    }
    throw Problems.unavailable(`the card payment could not be started (payments answered ${reply.status})`);
  }
}

/** Without a payments service (no PAYMENTS_URL): card purchases answer 503, bill and free keep working. */
export class CardPaymentsNotConfigured implements CardPayments {
  async create(): Promise<PaymentCreatedResponse> {
    throw new ProblemException(503, 'card-payments-not-configured', 'Card payments are not configured', 'card payments are not configured: pay by bill, or ask the operator to set up payments');
  }
}
