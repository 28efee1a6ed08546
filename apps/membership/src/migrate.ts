// The membership migration Job's entry (k8s/base/membership.yaml): migrates the membership schema and exits.
import 'reflect-metadata';
import { migrateMembership } from '@credits/membership-service';
import { runMigrationCommand } from '@credits/platform';

runMigrationCommand('membership', migrateMembership);
