import type { PurchaseRejection } from '@credits/billing-domain';
import { ProblemException, Problems } from '@credits/platform/core';

/** Every purchase rejection as RFC 9457, in one exhaustive switch. */
export function purchaseProblem(rejection: PurchaseRejection): ProblemException {
  const { detail } = rejection;
  switch (rejection.type) {
    case 'location-not-found':
    case 'not-a-member':
    case 'company-not-found':
    case 'option-not-found':
    case 'purchase-not-found':
      return Problems.notFound(detail);
    case 'not-your-wallet':
    case 'not-in-company':
      return Problems.forbidden(detail);
    case 'corporate-card-not-allowed':
      return new ProblemException(403, 'corporate-card-not-allowed', 'Not allowed to use the corporate card', detail);
    case 'company-archived':
      return Problems.conflict('company-archived', 'Company archived', detail);
    case 'credits-disabled':
      return Problems.conflict('credits-disabled', 'Credits are disabled', detail);
    case 'option-archived':
      return Problems.conflict('option-archived', 'Credit option archived', detail);
    case 'currency-mismatch':
      return Problems.conflict('currency-mismatch', 'Currency does not match', detail);
    case 'not-free':
      return Problems.conflict('not-free', 'Not free', detail, { price: rejection.price });
    case 'nothing-to-pay':
      return Problems.conflict('nothing-to-pay', 'Nothing to pay', detail);
    case 'bill-payment-not-enabled':
      return Problems.conflict('bill-payment-not-enabled', 'Paying by bill is not enabled', detail);
    case 'purchase-exists':
      return Problems.conflict('purchase-exists', 'Purchase exists', detail);
    case 'not-a-card-purchase':
      return Problems.conflict('not-a-card-purchase', 'Not a card purchase', detail);
    case 'payment-mismatch':
      return Problems.conflict('payment-mismatch', 'Payment does not match', detail, { expected: rejection.expected, paid: rejection.paid });
    case 'purchase-final':
      return Problems.conflict('purchase-final', 'Credit purchases are final', detail);
    default: {
      const unknown: never = rejection;
      throw new Error(`unknown purchase rejection ${JSON.stringify(unknown)}`);
    }
  }
}
