// The payments migration Job's entry (k8s/base/payments.yaml): migrates the payments schema and exits.
import 'reflect-metadata';
import { migratePayments } from '@credits/payments-service';
import { runMigrationCommand } from '@credits/platform';

runMigrationCommand('payments', migratePayments);
