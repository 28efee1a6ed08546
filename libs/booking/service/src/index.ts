export * from './booking.service';
