export * from './membership-events';
export * from './company-events';
export * from './plan-events';
export * from './plan-period-events';
export * from './notification-events';
