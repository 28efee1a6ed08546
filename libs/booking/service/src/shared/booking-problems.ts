import type { BookingRejection } from '@credits/booking-domain';
import { ProblemException, Problems } from '@credits/platform';

/** Every booking rejection as RFC 9457, in one exhaustive switch. */
export function bookingProblem(rejection: BookingRejection): ProblemException {
  const { detail } = rejection;
  switch (rejection.type) {
    case 'location-not-found':
    case 'resource-not-found':
    case 'booking-not-found':
      return Problems.notFound(detail);
    case 'credits-for-members-only':
      return new ProblemException(403, 'credits-for-members-only', 'Credits are for members', detail);
    case 'not-in-company':
      return new ProblemException(403, 'not-in-company', 'Not a member of the company', detail);
    case 'invalid-target':
      return Problems.validation([{ field: rejection.field, reason: detail }]);
    case 'resource-archived':
      return Problems.conflict('resource-archived', 'Resource archived', detail);
    case 'credits-disabled':
      return Problems.conflict('credits-disabled', 'Credits are disabled', detail);
    case 'method-not-offered':
      return Problems.conflict('method-not-offered', 'Payment method not offered', detail);
    case 'not-a-desk':
      return Problems.conflict('not-a-desk', 'Not a desk', detail);
    case 'booking-exists':
      return Problems.conflict('booking-exists', 'Booking exists', detail);
    case 'booking-in-progress':
      return Problems.conflict('booking-in-progress', 'Booking in progress', detail);
    case 'not-cancellable':
      return Problems.conflict('not-cancellable', 'Not cancellable', detail);
    case 'not-an-order':
      return Problems.conflict('not-an-order', 'Not an order', detail);
    case 'order-fulfilled':
      return Problems.conflict('order-fulfilled', 'Order fulfilled', detail);
    case 'not-fulfillable':
      return Problems.conflict('not-fulfillable', 'Not fulfillable', detail);
    case 'wrong-step':
      return Problems.conflict('wrong-step', 'Not at this step', detail);
    default: {
      const unknown: never = rejection;
      throw new Error(`unknown booking rejection ${JSON.stringify(unknown)}`);
    }
  }
}
