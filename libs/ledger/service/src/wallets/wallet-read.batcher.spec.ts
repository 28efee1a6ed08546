import { initialWalletState } from '@credits/ledger-domain';
import type { WalletRead, WalletToRead } from './wallet.store';
import { WalletReadBatcher, type WalletReadBatcherOptions } from './wallet-read.batcher';

/** A batcher on a fake loader whose statements finish when the test says so. */
function fakeBatcher(options?: WalletReadBatcherOptions) {
  const statements: { reads: string[]; finish: () => void; fail: (error: Error) => void }[] = [];
  const batcher = new WalletReadBatcher(
    (reads: readonly WalletRead[]) =>
      new Promise<WalletToRead[]>((resolve, reject) => {
        statements.push({
          reads: reads.map((read) => read.walletId),
          // Each result names its read, so a mix-up shows.
          finish: () => resolve(reads.map((read) => ({ facts: null, wallet: initialWalletState(`${read.walletId}:${read.callerId}`) }))),
          fail: reject,
        });
      }),
    options,
  );
  const read = (walletId: string) => batcher.load({ locationId: 'loc-1', ownerType: 'user', ownerId: walletId }, walletId, `caller-of-${walletId}`);
  return { statements, read };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const walletOf = async (result: Promise<WalletToRead>) => (await result).wallet.walletId;

describe('WalletReadBatcher', () => {
  it('sends the first read at once, alone; reads during a running statement go together in the next, each getting its own result', async () => {
    const { statements, read } = fakeBatcher();
    const first = read('w1');
    expect(statements.map((s) => s.reads)).toEqual([['w1']]);
    const later = ['w2', 'w3', 'w2'].map(read);
    await flush();
    expect(statements).toHaveLength(1);
    statements[0].finish();
    expect(await walletOf(first)).toBe('w1:caller-of-w1');
    await flush();
    expect(statements.map((s) => s.reads)).toEqual([['w1'], ['w2', 'w3', 'w2']]);
    statements[1].finish();
    expect(await Promise.all(later.map(walletOf))).toEqual(['w2:caller-of-w2', 'w3:caller-of-w3', 'w2:caller-of-w2']);
    // Idle again: the next read goes at once.
    void read('w4');
    expect(statements.map((s) => s.reads)).toHaveLength(3);
  });

  it('fails only the reads of a failed statement, each with its error, and runs the next batch', async () => {
    const { statements, read } = fakeBatcher();
    const failing = [read('w1')];
    const next = [read('w2'), read('w3')];
    const lost = new Error('Connection terminated unexpectedly');
    statements[0].fail(lost);
    await expect(failing[0]).rejects.toBe(lost);
    await flush();
    expect(statements.map((s) => s.reads)).toEqual([['w1'], ['w2', 'w3']]);
    statements[1].finish();
    expect(await Promise.all(next.map(walletOf))).toEqual(['w2:caller-of-w2', 'w3:caller-of-w3']);
  });

  it('caps a batch; a full batch goes alongside the running one, up to the concurrency limit', async () => {
    const { statements, read } = fakeBatcher({ maxBatchSize: 2, maxConcurrentBatches: 2 });
    const reads = ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'].map(read);
    // w1 alone; w2+w3 full, so at once; the rest wait for a free statement.
    expect(statements.map((s) => s.reads)).toEqual([['w1'], ['w2', 'w3']]);
    statements[0].finish();
    await flush();
    expect(statements.map((s) => s.reads)).toEqual([['w1'], ['w2', 'w3'], ['w4', 'w5']]);
    statements[1].finish();
    statements[2].finish();
    await flush();
    expect(statements.map((s) => s.reads)).toEqual([['w1'], ['w2', 'w3'], ['w4', 'w5'], ['w6']]);
    statements[3].finish();
    expect(await Promise.all(reads.map(walletOf))).toEqual(['w1', 'w2', 'w3', 'w4', 'w5', 'w6'].map((w) => `${w}:caller-of-${w}`));
  });

  it('keeps a short queue behind the running statement, even with a statement to spare', async () => {
    const { statements, read } = fakeBatcher({ maxBatchSize: 4, maxConcurrentBatches: 2 });
    void read('w1');
    void read('w2');
    void read('w3');
    await flush();
    expect(statements.map((s) => s.reads)).toEqual([['w1']]);
  });
});
