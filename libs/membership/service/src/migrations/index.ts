import { MembershipInitial1763800000000 } from './1763800000000-membership-initial';

export const membershipMigrations = [MembershipInitial1763800000000];
