import { timeOrderedUuid } from '@credits/event-store';
import { holdIdOf, initialWalletState, keepsNotice, snapshotOf, warningKeyOf, type LedgerCommand, type WalletState } from '@credits/ledger-domain';
import type { FactsRow } from '../access/wallet-access';
import { decideBatch, refusalsOf, type BatchInputs, type BatchWrite, type CommandOutcome, type QueuedCommand } from './wallet-batch.decision';
import { factsKey, type WalletCommandCache } from './wallet-command.cache';

/** Where a batch's inputs come from and its result goes (PgWalletBatchStore: one connection). */
export interface WalletBatchStore {
  /** the wallets' locks, held until the transaction ends */
  lock(walletIds: readonly string[]): Promise<void>;
  /**
   * The wallets' states (with the spends the commands name), the stored answers of the commands'
   * keys, each command's access facts (null without a check), all of one snapshot, and the epoch
   */
  load(walletIds: readonly string[], batch: readonly QueuedCommand[], commands: readonly LedgerCommand[]): Promise<BatchInputs>;
  /**
   * Writes all or nothing: false when a wallet is no longer at the version the batch was decided
   * on, (`checkEpoch`) the epoch moved, or (`collisionsRetry`) the write collided with an answer,
   * spend or event the batch did not read
   */
  write(write: BatchWrite, options: { readonly checkEpoch: boolean; readonly collisionsRetry: boolean }): Promise<boolean>;
}

const walletIdsOf = (batch: readonly QueuedCommand[]) => [...new Set(batch.map((queued) => queued.walletId))];

/**
 * Commits a batch of commands with two statements (or one, see below), each its own transaction
 * unless the caller holds one: loads the wallets' states, stored answers and access facts once,
 * decides every command (decideBatch, no I/O), then writes all events, wallet rows and answers with
 * one statement that writes nothing if, under the wallets' locks, one of them turns out to have
 * changed since the read. Null when one did: the batch must run again `locked`. A command its access
 * check refuses is left out; any other error fails the whole batch.
 *
 * `locked`: the caller's transaction has held the wallets' locks since before the read (lockBatch),
 * so the batch reads first and its wallets cannot move. Nor can the epoch be moved by a rebuild swap
 * (the read holds the wallet table until the commit); a change of the membership projection since
 * the read may move it, and the batch, decided on facts committed before that change, goes in before
 * it: a locked batch's write does not check the epoch, so it always commits.
 *
 * With a cache, unless `locked`, a batch whose wallets and facts it holds skips the read: the
 * write checks the remembered versions and epoch as it would a read's, and its unique indexes stand
 * in for the read's lookups of answered keys and used ids (a collision writes nothing and
 * returns null, so the batch runs again with a read, which finds them).
 */
export async function commitBatch(
  store: WalletBatchStore,
  batch: readonly QueuedCommand[],
  cache: WalletCommandCache | null,
  options: { readonly locked: boolean },
): Promise<CommandOutcome[] | null> {
  const walletIds = walletIdsOf(batch);
  const commands = batch.map((queued) => queued.request.command(queued.walletId));
  const cached = options.locked || cache === null ? null : remembered(cache, walletIds, batch, commands);
  const cachedRefusals = cached && refusalsOf(batch, cached.facts);
  // A refusal is decided on facts read now: remembered ones may be of an older epoch, and a refused
  // command writes nothing that would check it. Only a read finds the answers that come before a check's refusal.
  const fromCache = cachedRefusals !== null && cachedRefusals.every((refused) => refused === null);
  let inputs: BatchInputs;
  if (fromCache) inputs = cached!;
  else {
    inputs = await store.load(walletIds, batch, commands);
    if (cache) rememberRead(cache, walletIds, batch, inputs);
  }
  const refusals = fromCache ? cachedRefusals : refusalsOf(batch, inputs.facts);
  const { outcomes, write } = decideBatch(batch, commands, inputs, refusals, () => timeOrderedUuid());
  if (write === null) return outcomes;
  if (!(await store.write(write, { checkEpoch: !options.locked, collisionsRetry: fromCache }))) {
    cache?.forgetWallets(walletIds);
    return null;
  }
  if (cache) for (const row of write.wallets) cache.rememberWallet(row.wallet_id, { state: row.state, rowVersion: row.version });
  return outcomes;
}

/** Holds the batch's wallet locks until the caller's transaction ends; take them before commitBatch. */
export function lockBatch(store: WalletBatchStore, batch: readonly QueuedCommand[]): Promise<void> {
  return store.lock(walletIdsOf(batch));
}

/** The facts key of a command with an access check. */
const factsKeyOf = ({ request }: QueuedCommand) =>
  factsKey(request.owner.locationId, request.access!.callerId, request.owner.ownerType, request.owner.ownerId);

/**
 * A batch's inputs from the cache alone, or null when it lacks some: a wallet, a command's facts, or
 * what a remembered row leaves out (see snapshotOf) and a command needs: a refund's spend or hold and
 * used ids, a capture's or release's hold unless the row holds it open, the notice an expiring grant's
 * lot would carry unless a lot of the row carries it already. A new spend's, hold's,
 * lot's or deduction's own id needs none: events_spent_once, events_held_once, events_granted_once
 * and events_deducted_once refuse it twice.
 */
function remembered(
  cache: WalletCommandCache,
  walletIds: readonly string[],
  batch: readonly QueuedCommand[],
  commands: readonly LedgerCommand[],
): BatchInputs | null {
  const { epoch } = cache;
  if (epoch === null || commands.some((command) => command.type === 'RefundSpend')) return null;
  const states = new Map<string, WalletState>();
  const rowVersions = new Map<string, number>();
  for (const walletId of walletIds) {
    const wallet = cache.wallet(walletId);
    if (!wallet) return null;
    states.set(walletId, wallet.state);
    rowVersions.set(walletId, wallet.rowVersion);
  }
  const holdsOpen = (command: LedgerCommand, walletId: string) => {
    const holdId = holdIdOf(command);
    return holdId === null || Object.hasOwn(states.get(walletId)!.holds, holdId);
  };
  if (commands.some((command, index) => (command.type === 'CaptureHold' || command.type === 'ReleaseHold') && !holdsOpen(command, batch[index].walletId))) return null;
  const noticeKnown = (command: LedgerCommand, walletId: string) => {
    const key = warningKeyOf(command);
    return key === null || keepsNotice(states.get(walletId)!, key);
  };
  if (commands.some((command, index) => !noticeKnown(command, batch[index].walletId))) return null;
  const facts: FactsRow[] = [];
  for (const queued of batch) {
    const known = queued.request.access ? cache.factsFor(factsKeyOf(queued)) : null;
    if (known === undefined) return null;
    facts.push(known);
  }
  return { states, rowVersions, answers: new Map(), facts, epoch };
}

/** Remembers what a read found, for the next batches of these wallets (before deciding moves the states on). */
function rememberRead(cache: WalletCommandCache, walletIds: readonly string[], batch: readonly QueuedCommand[], inputs: BatchInputs): void {
  cache.adopt(inputs.epoch);
  batch.forEach((queued, index) => queued.request.access && cache.rememberFacts(factsKeyOf(queued), inputs.facts[index]));
  for (const walletId of walletIds) {
    const state = inputs.states.get(walletId) ?? initialWalletState(walletId);
    cache.rememberWallet(walletId, { state: snapshotOf(state), rowVersion: inputs.rowVersions.get(walletId) ?? 0 });
  }
}
