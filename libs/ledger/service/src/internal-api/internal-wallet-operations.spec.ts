import { internalIdempotencyKey } from './internal-wallet-operations';

describe('the stored key of a service Idempotency-Key', () => {
  it('keeps two services apart when a name or a key holds ":" or "\\"', () => {
    expect(internalIdempotencyKey('a', 'b:c')).not.toBe(internalIdempotencyKey('a:b', 'c'));
    expect(internalIdempotencyKey('a\\', ':c')).not.toBe(internalIdempotencyKey('a\\:', 'c'));
    expect(internalIdempotencyKey('a\\', 'b')).not.toBe(internalIdempotencyKey('a', '\\b'));
  });

  it('gives the keys already stored for the services there are (a name without ":" or "\\")', () => {
    expect(internalIdempotencyKey('booking', 'spend-1')).toBe('booking:spend-1');
    expect(internalIdempotencyKey('ledger', 'a:b')).toBe('ledger:a:b');
  });
});
