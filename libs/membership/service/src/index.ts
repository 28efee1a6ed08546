export * from './membership.service';
export { EVENT_IDS_HEADER } from './shared/membership.tokens';
export { MembershipClock } from './shared/membership-clock';
