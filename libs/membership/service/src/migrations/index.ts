import { MembershipInitial1763800000000 } from './1763800000000-membership-initial';
import { MembershipCompaniesPlans1763900000000 } from './1763900000000-membership-companies-plans';
import { MembershipDropExpiryWarnings1764000000000 } from './1764000000000-membership-drop-expiry-warnings';
import { MembershipUserLookups1764150000000 } from './1764150000000-membership-user-lookups';
import { MembershipOutboxByLocation1764300000000 } from './1764300000000-membership-outbox-by-location';
import { MembershipNotifications1764700000000 } from './1764700000000-membership-notifications';

export const membershipMigrations = [
  MembershipInitial1763800000000,
  MembershipCompaniesPlans1763900000000,
  MembershipDropExpiryWarnings1764000000000,
  MembershipUserLookups1764150000000,
  MembershipOutboxByLocation1764300000000,
  MembershipNotifications1764700000000,
];
