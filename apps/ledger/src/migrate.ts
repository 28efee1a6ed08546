// The ledger migration Job's entry (k8s/base/ledger.yaml): migrates the ledger schema and exits.
import 'reflect-metadata';
import { migrateLedger } from '@credits/ledger-service';
import { runMigrationCommand } from '@credits/platform';

runMigrationCommand('ledger', migrateLedger);
