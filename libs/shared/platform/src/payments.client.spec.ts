// The routes module also declares the DTOs, which load @nestjs/swagger (ESM only, beyond Jest): only its paths are used here.
jest.mock('@credits/contracts/http', () => ({ INTERNAL_PAYMENTS_PATH: 'internal/payments', internalRefundPath: (id: string) => `/internal/payments/${id}/refunds` }));

import type { InternalHttpClient, InternalReply } from './internal-http.client';
import { PaymentRefused, PaymentsClient } from './payments.client';
import { PROBLEM_TYPE_BASE, ProblemException } from './problem-details';

/** Payments answering one fixed reply: how the client classifies it is what is under test. */
function paymentsAnswering(reply: InternalReply<unknown>): PaymentsClient {
  return new PaymentsClient({ call: async () => reply } as unknown as InternalHttpClient);
}

const problem = (status: number, type: string, detail: string) => ({ status, body: { type: `${PROBLEM_TYPE_BASE}${type}`, title: type, status, detail } });
const refund = (client: PaymentsClient) => client.refund('p-1', { method: 'card', amount: { amount: 100, currency: 'EUR' }, reason: 'cancelled' }, 'refund-key');
const create = (client: PaymentsClient) =>
  client.create({ locationId: 'l-1', payer: { ownerType: 'user', ownerId: 'ann' }, purpose: { type: 'booking', id: 'b-1' }, amount: { amount: 20, currency: 'EUR' }, description: 'Room' });

describe('PaymentsClient: which answers are final', () => {
  it.each([
    ['a 4xx of payments', problem(409, 'refund-exceeds-refundable', '100 EUR requested, 0 EUR still refundable')],
    ["Stripe's refusal relayed by payments (502 payment-provider-refused)", problem(502, 'payment-provider-refused', 'Stripe refused the request')],
  ])('%s is a PaymentRefused for refunds and payments alike: never retried', async (_name, reply) => {
    for (const call of [refund, create]) {
      const error = await call(paymentsAnswering(reply)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PaymentRefused);
      expect((error as PaymentRefused).reason).toBe(reply.body.detail);
      expect((error as PaymentRefused).status).toBe(422);
    }
  });

  it.each([
    ['Stripe unavailable (503)', problem(503, 'payment-provider-unavailable', 'Stripe did not answer')],
    ['a 502 that is not a refusal', { status: 502, body: 'Bad Gateway' }],
    ['a 500', problem(500, 'internal', 'boom')],
  ])('%s is an outage: a 503 the caller retries', async (_name, reply) => {
    for (const call of [refund, create]) {
      const error = await call(paymentsAnswering(reply)).catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(PaymentRefused);
      expect(error).toBeInstanceOf(ProblemException);
      expect((error as ProblemException).status).toBe(503);
    }
  });
});
