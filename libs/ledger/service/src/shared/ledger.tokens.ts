export const LEDGER_SCHEMA = 'ledger';
export const LEDGER_POOL = Symbol('LEDGER_POOL');
export const IDEMPOTENCY_HEADER = 'idempotency-key';
