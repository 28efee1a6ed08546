import { periodicWorker, type SingletonWorker } from '@credits/event-store';
import type { JsonLogger } from '@credits/platform';
import type { Pool } from 'pg';
import type { BookingSaga } from '../shared/booking.saga';
import { unfinishedBookings } from '../shared/booking.store';
import type { BookingClock } from '../shared/booking.tokens';

/**
 * Resumes bookings a crash (or a lost ledger) left between two saga steps: one instance across
 * replicas looks every `intervalMs` for bookings nobody moved for `staleMs` and advances them; the
 * steps' keys make a booking advanced twice, by a request and by this worker, come out the same.
 */
export function sagaRecoveryWorker(pool: Pool, saga: BookingSaga, clock: BookingClock, logger: JsonLogger, intervalMs: number, staleMs: number): SingletonWorker {
  return periodicWorker({
    pool,
    lockName: 'booking:saga-recovery',
    intervalMs,
    onError: (error) => logger.write('error', 'booking saga recovery failed', { error: String(error) }),
    tick: async () => {
      for (const { id } of await unfinishedBookings(pool, clock.now(), staleMs)) {
        await saga.advance(id).catch((error) => logger.write('warn', 'booking not resumed yet', { bookingId: id, error: String(error) }));
      }
    },
  });
}
