export const MEMBERSHIP_SCHEMA = 'membership';
export const MEMBERSHIP_POOL = Symbol('MEMBERSHIP_POOL');
export const EVENT_IDS_HEADER = 'x-event-ids';
export const PLAN_PERIOD_SCHEDULER = Symbol('PLAN_PERIOD_SCHEDULER');
