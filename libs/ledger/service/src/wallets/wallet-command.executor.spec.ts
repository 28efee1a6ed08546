import { nextBatchSize, takeBatch } from './wallet-command.executor';

const limits = { maxBatchSize: 64, maxConcurrentBatches: 4 };

describe('nextBatchSize', () => {
  it('starts a lone command at once when nothing is committing', () => {
    expect(nextBatchSize({ queued: 1, inFlight: 0, running: 0 }, limits)).toBe(1);
  });

  it('gives each batch an even share of all pending commands', () => {
    // 32 callers, one batch of 8 just answered and its callers are back
    expect(nextBatchSize({ queued: 8, inFlight: 24, running: 3 }, limits)).toBe(8);
    // a burst with nothing running is spread over the free connections
    expect(nextBatchSize({ queued: 32, inFlight: 0, running: 0 }, limits)).toBe(8);
  });

  it('lets a short queue wait for a running batch instead of committing it alone', () => {
    // the split that used to freeze: one caller back while 31 commands commit
    expect(nextBatchSize({ queued: 1, inFlight: 31, running: 1 }, limits)).toBe(0);
  });

  it('never exceeds the batch size limit', () => {
    expect(nextBatchSize({ queued: 1000, inFlight: 0, running: 0 }, limits)).toBe(64);
  });

  it('takes nothing from an empty queue', () => {
    expect(nextBatchSize({ queued: 0, inFlight: 0, running: 0 }, limits)).toBe(0);
  });
});

describe('takeBatch', () => {
  const command = (walletId: string, n: number) => ({ walletId, n });

  it('passes over the wallets a running batch holds, keeping their commands queued in order', () => {
    const queue = [command('a', 1), command('b', 1), command('a', 2), command('c', 1), command('b', 2)];
    const taken = takeBatch(queue, 10, (item) => item.walletId === 'a');
    expect(taken).toEqual([command('b', 1), command('c', 1), command('b', 2)]);
    expect(queue).toEqual([command('a', 1), command('a', 2)]);
  });

  it('takes at most `size`, oldest first, and nothing when every queued wallet is busy', () => {
    const queue = [command('a', 1), command('b', 1), command('c', 1)];
    expect(takeBatch(queue, 2, () => false)).toEqual([command('a', 1), command('b', 1)]);
    expect(queue).toEqual([command('c', 1)]);
    expect(takeBatch(queue, 2, () => true)).toEqual([]);
    expect(queue).toEqual([command('c', 1)]);
  });
});
