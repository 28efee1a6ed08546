export * from './membership-events';
export * from './plan-period-events';
