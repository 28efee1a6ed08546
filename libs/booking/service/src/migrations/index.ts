import { BookingInitial1764700000000 } from './1764700000000-booking-initial';

export const bookingMigrations = [BookingInitial1764700000000];
