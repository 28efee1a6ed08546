export * from './credits-amount';
export * from './membership-http';
export * from './ledger-http';
export * from './transactions-http';
export * from './ledger-internal-http';
export * from './membership-internal-http';
export * from './company-http';
export * from './plan-http';
