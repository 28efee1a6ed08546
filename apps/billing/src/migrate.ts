// The billing migration Job's entry (k8s/base/billing.yaml): migrates the billing schema and exits.
import 'reflect-metadata';
import { migrateBilling } from '@credits/billing-service';
import { runMigrationCommand } from '@credits/platform';

runMigrationCommand('billing', migrateBilling);
