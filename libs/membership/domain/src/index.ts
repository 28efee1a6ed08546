export * from './location-access.policy';
export * from './company-access.policy';
export * from './plan-calendar';
export * from './plan-period.rules';
export * from './credit-amount';
export * from './location-admins.rule';
