import { LedgerInitial1763800000001 } from './1763800000001-ledger-initial';
import { LedgerExpiryAndReports1763900000001 } from './1763900000001-ledger-expiry-and-reports';
import { LedgerCompanies1763900000002 } from './1763900000002-ledger-companies';
import { LedgerExpiryWarnings1764000000001 } from './1764000000001-ledger-expiry-warnings';
import { LedgerWalletDuesFromDomain1764100000001 } from './1764100000001-ledger-wallet-dues-from-domain';
import { LedgerSnapshotsAsJson1764200000001 } from './1764200000001-ledger-snapshots-as-json';
import { LedgerSpendsFromEvents1764200000002 } from './1764200000002-ledger-spends-from-events';
import { LedgerCacheEpoch1764300000001 } from './1764300000001-ledger-cache-epoch';
import { LedgerAnswersAsVersions1764300000002 } from './1764300000002-ledger-answers-as-versions';
import { LedgerBatchOutdated1764400000001 } from './1764400000001-ledger-batch-outdated';
import { LedgerUsedIdsFromEvents1764500000001 } from './1764500000001-ledger-used-ids-from-events';
import { LedgerClosedHoldsFromEvents1764500000002 } from './1764500000002-ledger-closed-holds-from-events';
import { LedgerExpiredLotsFromEvents1764600000001 } from './1764600000001-ledger-expired-lots-from-events';
import { LedgerExpiryNoticesFromEvents1764700000001 } from './1764700000001-ledger-expiry-notices-from-events';

export const ledgerMigrations = [LedgerInitial1763800000001, LedgerExpiryAndReports1763900000001, LedgerCompanies1763900000002, LedgerExpiryWarnings1764000000001,
  LedgerWalletDuesFromDomain1764100000001, LedgerSnapshotsAsJson1764200000001,
  LedgerSpendsFromEvents1764200000002, LedgerCacheEpoch1764300000001, LedgerAnswersAsVersions1764300000002,
  LedgerBatchOutdated1764400000001, LedgerUsedIdsFromEvents1764500000001,
  LedgerClosedHoldsFromEvents1764500000002, LedgerExpiredLotsFromEvents1764600000001, LedgerExpiryNoticesFromEvents1764700000001,
];
