import { periodicWorker, type SingletonWorker } from '@credits/event-store';
import type { JsonLogger } from '@credits/platform';
import type { Pool } from 'pg';
import type { BookingSaga } from '../shared/booking.saga';
import { unpaidBookings } from '../shared/booking.store';
import type { BookingClock } from '../shared/booking.tokens';

/**
 * Fails card and split bookings whose payment has not succeeded within `timeoutMs`: the slot is
 * freed and the credit hold released (one instance across replicas). A payment that succeeds after
 * this is refunded by card and never delivered (the slot may be someone else's by then).
 */
export function paymentTimeoutWorker(pool: Pool, saga: BookingSaga, clock: BookingClock, logger: JsonLogger, intervalMs: number, timeoutMs: number): SingletonWorker {
  return periodicWorker({
    pool,
    lockName: 'booking:payment-timeout',
    intervalMs,
    onError: (error) => logger.write('error', 'booking payment timeout failed', { error: String(error) }),
    tick: async () => {
      for (const bookingId of await unpaidBookings(pool, clock.now(), timeoutMs)) {
        const command = { type: 'RecordPaymentFailed', bookingId, now: clock.now().toISOString(), reason: `the card payment did not arrive within ${Math.round(timeoutMs / 1000)} s` } as const;
        await saga.recordThenAdvance(command).catch((error) => logger.write('warn', 'unpaid booking not released yet', { bookingId, error: String(error) }));
      }
    },
  });
}
