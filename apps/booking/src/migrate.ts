// The booking migration Job's entry (k8s/base/booking.yaml): migrates the booking schema and exits.
import 'reflect-metadata';
import { migrateBooking } from '@credits/booking-service';
import { runMigrationCommand } from '@credits/platform';

runMigrationCommand('booking', migrateBooking);
