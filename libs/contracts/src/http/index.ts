export * from './credits-amount';
export * from './membership-http';
export * from './ledger-http';
