import { refundPolicyProblem, type Resource } from '@credits/booking-domain';
import { UNIT_OF } from '@credits/contracts/http';
import { Problems, type FieldProblem } from '@credits/platform';

const MAX_INSTANT = Date.UTC(10000, 0, 1);

/** What a resource must be, whatever way it was made or edited; 400 naming each field otherwise. */
export function requireValidResource(r: Resource, unit: string, currency: string): void {
  const problems: FieldProblem[] = [];
  const add = (field: string, reason: string) => problems.push({ field, reason });
  if (unit !== UNIT_OF[r.type]) add('unit', `a ${r.type} is priced per ${UNIT_OF[r.type]}`);
  if (r.moneyPrice === null && r.creditPrice === null) add('prices', 'give a money price, a credit price or both');
  if (r.moneyPrice !== null && r.moneyPrice.currency !== currency) add('prices.money.currency', `must be the location's currency ${currency}`);
  if ((r.type === 'desk' || r.type === 'event') && r.capacity === null) add('capacity', `a ${r.type} needs a capacity`);
  for (const [field, at] of [['startsAt', r.startsAt], ['endsAt', r.endsAt]] as const) {
    // PostgreSQL has no year 0; nothing sensible happens before 1970 or after 9999.
    if (at !== null && (Date.parse(at) < 0 || Date.parse(at) >= MAX_INSTANT)) add(field, 'must be between 1970 and 9999');
  }
  if (r.type === 'event') {
    if (r.startsAt === null) add('startsAt', 'an event needs startsAt');
    if (r.endsAt === null) add('endsAt', 'an event needs endsAt');
    if (r.startsAt !== null && r.endsAt !== null && Date.parse(r.endsAt) <= Date.parse(r.startsAt)) add('endsAt', 'must be after startsAt');
  } else {
    if (r.startsAt !== null) add('startsAt', 'only events have startsAt');
    if (r.endsAt !== null) add('endsAt', 'only events have endsAt');
  }
  if (r.type === 'product' && r.stock === null) add('stock', 'a product needs a stock');
  if (r.type !== 'product' && r.stock !== null) add('stock', 'only products have a stock');
  if (r.type !== 'room' && r.openingHours !== null) add('openingHours', 'only rooms have opening hours');
  if (r.openingHours !== null && r.openingHours.closes <= r.openingHours.opens) add('openingHours.closes', 'must be after opens');
  if (r.minDurationMinutes > r.maxDurationMinutes) add('minDurationMinutes', 'must not exceed maxDurationMinutes');
  const policy = refundPolicyProblem(r.refundPolicy);
  if (policy) add('refundPolicy', policy);
  if (problems.length > 0) throw Problems.validation(problems);
}
