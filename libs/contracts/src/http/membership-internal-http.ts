import { NOTIFICATIONS_PAGE_LIMIT, type CreditsAddedNotification } from '../membership/notification-events';
/**
 * Membership's internal API (service to service, not routed by the gateway): what billing, booking
 * and payments need to decide for a member, read synchronously so decisions use fresh data
 * (DESIGN section 4, read-your-writes).
 */
export const MEMBER_FACTS_PATH = 'internal/locations/:locationId/member-facts/:userId';

/** `GET /internal/locations/{locationId}/member-facts/{userId}?companyId=` */
export function memberFactsPath(locationId: string, userId: string, companyId?: string): string {
  const query = companyId === undefined ? '' : `?companyId=${encodeURIComponent(companyId)}`;
  return `/internal/locations/${encodeURIComponent(locationId)}/member-facts/${encodeURIComponent(userId)}${query}`;
}

/** The terms of the plan a holder is on now (its current plan, not one pending for the next period). */
export interface PlanTerms {
  readonly planId: string;
  readonly creditOptionDiscountPercent: number;
  readonly resourceDiscountPercent: number;
  readonly billPaymentEnabled: boolean;
}

export interface CompanyFactsView {
  /** a company of this location */
  readonly exists: boolean;
  readonly archived: boolean;
  /** the user is an active member (or manager) of it */
  readonly isMember: boolean;
  readonly isManager: boolean;
  /** managers always; members when a manager allowed it (R11) */
  readonly mayUseCorporateCard: boolean;
  /** the company's own plan, when it is on one */
  readonly plan: PlanTerms | null;
}

export interface MemberFactsResponse {
  readonly locationExists: boolean;
  /** the location's currency and time zone; empty strings when it does not exist */
  readonly currency: string;
  readonly timezone: string;
  readonly creditsEnabled: boolean;
  readonly discountAppliesToCredits: boolean;
  /** the user's active membership, null when they are not an active member */
  readonly member: { readonly role: 'member' | 'admin' } | null;
  /** the user's own plan */
  readonly plan: PlanTerms | null;
  /** only when `companyId` was asked for */
  readonly company?: CompanyFactsView;
}

/** `GET /internal/users/{userId}/notifications?after=&limit=`: the gateway resumes a user's notification stream. */
export const USER_NOTIFICATIONS_PATH = 'internal/users/:userId/notifications';

export function userNotificationsPath(userId: string, after: number, limit = NOTIFICATIONS_PAGE_LIMIT): string {
  return `/internal/users/${encodeURIComponent(userId)}/notifications?after=${after}&limit=${limit}`;
}

/** The user's notifications with a sequence above `after`, oldest first; fewer than `limit`: there are no more. */
export interface NotificationsPage {
  readonly notifications: readonly CreditsAddedNotification[];
}
