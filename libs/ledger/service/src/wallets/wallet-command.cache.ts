import type { WalletState } from '@credits/ledger-domain';
import type { FactsRow } from '../access/wallet-access';

/** A wallet as a batch last read or wrote it: its snapshot, and the version its row was at then. */
export interface CachedWallet {
  readonly state: WalletState;
  readonly rowVersion: number;
}

/**
 * A map that keeps at most `limit` entries, forgetting the one added longest ago to make room. An
 * entry set again keeps its place: moving it (a delete and an insert on every write of a wallet)
 * cost more than reading a wallet again once in a while after it was forgotten.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    // Map keeps insertion order: its first key is the one added longest ago.
    if (!this.entries.has(key) && this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, value);
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The key of the facts a command's access check reads: location, caller, wallet owner. */
export const factsKey = (locationId: string, callerId: string | null, ownerType: string, ownerId: string) =>
  `${locationId}\n${callerId ?? ''}\n${ownerType}\n${ownerId}`;

/**
 * What the executor remembers from earlier batches, so that a batch whose wallets and facts are all
 * known needs no read. Nothing here is trusted: the batch's write checks, under the wallets' locks,
 * that each wallet row is still at the version remembered and that the epoch has not moved, and
 * writes nothing otherwise. The epoch (ledger.cache_epoch) moves whenever the membership projection
 * changes or a rebuild swaps the wallet rows; everything remembered belongs to one epoch.
 */
export class WalletCommandCache {
  private readonly wallets: BoundedMap<string, CachedWallet>;
  private readonly facts: BoundedMap<string, FactsRow>;
  private currentEpoch: string | null = null;

  constructor(limit: number) {
    this.wallets = new BoundedMap(limit);
    this.facts = new BoundedMap(limit);
  }

  /** The epoch of what is remembered; null while nothing is. */
  get epoch(): string | null {
    return this.currentEpoch;
  }

  /** A read saw `epoch`: what was remembered under another one is dropped. */
  adopt(epoch: string): void {
    if (epoch === this.currentEpoch) return;
    this.wallets.clear();
    this.facts.clear();
    this.currentEpoch = epoch;
  }

  wallet(walletId: string): CachedWallet | undefined {
    return this.wallets.get(walletId);
  }

  rememberWallet(walletId: string, wallet: CachedWallet): void {
    this.wallets.set(walletId, wallet);
  }

  forgetWallets(walletIds: Iterable<string>): void {
    for (const walletId of walletIds) this.wallets.delete(walletId);
  }

  factsFor(key: string): FactsRow | undefined {
    return this.facts.get(key);
  }

  rememberFacts(key: string, facts: FactsRow): void {
    this.facts.set(key, facts);
  }
}
