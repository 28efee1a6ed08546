import { LedgerInitial1763800000001 } from './1763800000001-ledger-initial';

export const ledgerMigrations = [LedgerInitial1763800000001];
