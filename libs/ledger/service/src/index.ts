export * from './ledger.service';
export { createLedgerRelay } from './ledger.module';
