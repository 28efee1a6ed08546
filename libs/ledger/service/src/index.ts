export * from './ledger.service';
export { createLedgerRelay } from './ledger.module';
export { DEFAULT_EXPIRY_WARNING_LEAD_MS } from './expiry-scheduler/expiry.scheduler';
