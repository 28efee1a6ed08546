import { INTERNAL_PAYMENTS_PATH, internalRefundPath, type CreatePaymentRequest, type InternalRefundRequest, type PaymentCreatedResponse } from '@credits/contracts/http';
import { isRefusal, type InternalHttpClient, type InternalReply } from './internal-http.client';
import { PROBLEM_TYPE_BASE, ProblemException, Problems, type ProblemDetails } from './problem-details';

/**
 * Payments refused a card payment or refund (e.g. amount or currency), or Stripe refused it for good
 * (payments' 502 payment-provider-refused: an amount below Stripe's minimum, a charge refunded at
 * Stripe already): the caller gets a 422 with the reason, nothing is retried.
 */
export class PaymentRefused extends ProblemException {
  constructor(readonly reason: string, paymentsStatus: number) {
    super(422, 'payment-refused', 'Card payment refused', reason, { paymentsStatus });
  }
}

const PROVIDER_REFUSED = `${PROBLEM_TYPE_BASE}payment-provider-refused`;

/** A 4xx is payments' decision; its 502 payment-provider-refused is Stripe's, just as final: a retry would only repeat them. */
function refusalIn(reply: InternalReply<unknown>): PaymentRefused | null {
  const problem = reply.body as Partial<ProblemDetails> | null;
  const final = isRefusal(reply.status) || (reply.status === 502 && problem?.type === PROVIDER_REFUSED);
  return final ? new PaymentRefused(String(problem?.detail ?? problem?.title ?? `payments answered ${reply.status}`), reply.status) : null;
}

/**
 * The payments service's internal API (billing's card purchases, booking's card part): one payment
 * per purpose, so a retry answers the same payment; card refunds under the caller's Idempotency-Key.
 * No answer, or a 5xx, is a 503: the caller's work stays where it is; a refusal for good is PaymentRefused.
 */
export class PaymentsClient {
  constructor(private readonly payments: InternalHttpClient) {}

  async create(request: CreatePaymentRequest): Promise<PaymentCreatedResponse> {
    const reply = await this.payments.call<PaymentCreatedResponse | ProblemDetails>('POST', `/${INTERNAL_PAYMENTS_PATH}`, request);
    if (reply.status === 200 || reply.status === 201) return reply.body as PaymentCreatedResponse;
    // "card payments are not configured" (503) and the like reach the payer as payments said them.
    const problem = reply.body as Partial<ProblemDetails> | null;
    if (reply.status === 503 && typeof problem?.type === 'string' && problem.type.startsWith(PROBLEM_TYPE_BASE)) {
      throw new ProblemException(503, problem.type.slice(PROBLEM_TYPE_BASE.length), String(problem.title ?? 'Unavailable'), problem.detail);
    }
    const refused = refusalIn(reply);
    if (refused) throw refused;
    throw Problems.unavailable(`the card payment could not be started (payments answered ${reply.status})`);
  }

  async refund(paymentId: string, request: InternalRefundRequest, idempotencyKey: string): Promise<void> {
    const reply = await this.payments.call('POST', internalRefundPath(paymentId), request, { 'idempotency-key': idempotencyKey });
    if (reply.status === 200 || reply.status === 201) return;
    const refused = refusalIn(reply);
    if (refused) throw refused;
    throw Problems.unavailable(`the card refund ${idempotencyKey} failed (payments answered ${reply.status}): it is retried`);
  }
}
