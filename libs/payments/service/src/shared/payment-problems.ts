import type { PaymentRejection } from '@credits/payments-domain';
import { ProblemException, Problems } from '@credits/platform/core';
import { ProviderError } from './payment-provider.port';

const money = (m: { amount: number; currency: string }) => ({ amount: m.amount, currency: m.currency });

/** Every refusal of the payment decider as RFC 9457, in one place. */
export function rejectionProblem(rejection: PaymentRejection): ProblemException {
  switch (rejection.type) {
    case 'credit-purchase-final':
      return Problems.conflict('purchase-final', 'Credit purchases are final', 'the payment of a credit purchase is not refundable (R13)');
    case 'not-paid':
      return Problems.conflict('payment-not-refundable', 'Payment not refundable', `only a succeeded payment can be refunded; this one is ${rejection.status}`);
    case 'currency-mismatch':
      return Problems.validation([{ field: 'amount.currency', reason: `must be ${rejection.expected}, the payment's currency` }]);
    case 'invalid-amount':
      return Problems.validation([{ field: 'amount.amount', reason: 'must be a positive integer in minor units' }]);
    case 'exceeds-refundable':
      return Problems.conflict(
        'refund-exceeds-refundable',
        'More than is refundable',
        `${rejection.requested.amount} ${rejection.requested.currency} requested, ${rejection.refundable.amount} ${rejection.refundable.currency} still refundable`,
        { refundable: money(rejection.refundable) },
      );
    case 'inexact-credits':
      return Problems.unprocessable(
        'inexact-credits',
        'No exact credit equivalent',
        `${rejection.amount.amount} ${rejection.amount.currency} (minor units) has no exact equivalent in credits with two decimals; refund an amount that has one, or by card`,
      );
    default:
      return assertNever(rejection);
  }
}

/** A provider failure as the caller sees it: 503 when a retry may work, 502 when Stripe refused; never its internals. */
export function providerProblem(error: unknown): unknown {
  if (!(error instanceof ProviderError)) return error;
  const problem = error.retryable
    ? new ProblemException(503, 'payment-provider-unavailable', 'Payment provider unavailable', 'Stripe did not answer; retry the same request')
    : new ProblemException(502, 'payment-provider-refused', 'Payment provider refused', 'Stripe refused the request');
  // The cause is for the log (the problem filter logs 5xx), never for the answer.
  return Object.assign(problem, { cause: error });
}

function assertNever(value: never): never {
  throw new Error(`unknown payment rejection: ${JSON.stringify(value)}`);
}
