import type { Money, ResourceType } from '@credits/contracts';

/** R9: full refund until N hours before the start, optionally a percentage until M hours before, nothing after. */
export interface RefundPolicy {
  readonly fullRefundUntilHoursBefore: number;
  readonly partialRefundUntilHoursBefore?: number;
  readonly partialRefundPercent?: number;
}

/** Local wall-clock times ("08:00") in the location's time zone. */
export interface OpeningHours {
  readonly opens: string;
  readonly closes: string;
}

/** A bookable thing of a location, as the decisions need it. Prices are per unit (hour, day, ticket, item). */
export interface Resource {
  readonly resourceId: string;
  readonly locationId: string;
  readonly type: ResourceType;
  readonly name: string;
  readonly status: 'active' | 'archived';
  /** money price per unit, integer minor units */
  readonly moneyPrice: Money | null;
  /** credit price per unit, integer hundredths */
  readonly creditPrice: number | null;
  readonly capacity: number | null;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly stock: number | null;
  readonly openingHours: OpeningHours | null;
  readonly minDurationMinutes: number;
  readonly maxDurationMinutes: number;
  readonly refundPolicy: RefundPolicy;
}
