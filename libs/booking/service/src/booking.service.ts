import { createHttpApp, runMigrations } from '@credits/platform';
import type { INestApplication } from '@nestjs/common';
import { BookingModule, type BookingDeps } from './booking.module';
import { bookingMigrations } from './migrations';
import { BOOKING_SCHEMA } from './shared/booking.tokens';

export interface BookingServiceOptions extends BookingDeps {
  readonly databaseUrl: string;
}

/** Migrates the booking schema (every boot; the migration Job runs it before a rollout: apps/booking/src/migrate.ts). */
export const migrateBooking = (databaseUrl: string): Promise<void> => runMigrations(databaseUrl, BOOKING_SCHEMA, bookingMigrations);

/** Migrates the booking schema and builds its HTTP app (not yet listening). */
export async function createBookingApp(options: BookingServiceOptions): Promise<INestApplication> {
  await migrateBooking(options.databaseUrl);
  return createHttpApp(BookingModule.register(options), { logger: options.logger });
}
