import type { LedgerEvent } from '@credits/contracts';
import type { LedgerCommand } from './wallet.commands';
import { grantedLot } from './wallet.evolve';
import { draftOf, replay } from './wallet.fold';
import { expiryWarningKey, type Lot, type WalletState } from './wallet.state';

// Whether an expiring lot among `lots` carries the notice key `key`.
const carriesNotice = (lots: readonly Lot[], key: string) => lots.some((lot) => lot.kind === 'expiring' && expiryWarningKey(lot) === key);

/**
 * A wallet's state as the ledger stores it between commands: its live lots and open holds, without
 * its spends, closed holds, expired lots and the ids its deductions and refunds used. Each of those
 * is only read by the command that names it (a new spend's, hold's, lot's, deduction's or refund's
 * id must be unused; a capture or release must find its hold open; a refund returns what the spend
 * or captured hold took), so the store reads those few from their events (spendIdOf, namesSpend and
 * withSpends; holdIdOf, namesHold and withHolds; lotIdOf, namesLot and withExpiredLots; usedIdsOf,
 * usesId and withUsedIds; warningKeyOf, namesWarning and withExpiryWarnings) instead of rewriting
 * the wallet's whole history with each command: a row's size does not grow with the wallet's age.
 *
 * An expired lot is empty for good (what comes back to it expires at once, R9), so nothing but a
 * grant of its id needs it; one an open hold reserved from stays while the hold is open (the
 * liability report counts reserved credits by lot).
 *
 * An expiry notice given matters only to the expiring lots it covers (lotsAwaitingNotice): the row
 * keeps the notices of the expiring lots it keeps (sorted: a row is the same however it was
 * reached), and a grant of a lot that would carry a dropped notice's key reads it back.
 */
export function snapshotOf(state: WalletState): WalletState {
  const openHolds = Object.values(state.holds).filter((hold) => hold.status === 'open');
  const reserved = new Set(openHolds.flatMap((hold) => hold.reservations.map((part) => part.lotId)));
  const lots = state.lots.filter((lot) => lot.expiredAt === null || reserved.has(lot.lotId));
  return {
    ...state,
    lots,
    holds: Object.fromEntries(openHolds.map((hold) => [hold.holdId, hold])),
    spends: {},
    deductionIds: [],
    refundIds: [],
    expiryWarnings: state.expiryWarnings.filter((key) => carriesNotice(lots, key)).sort(),
  };
}

/** Whether the snapshot `state` has the notice of `key` if one was given: a lot of it carries that key. */
export function keepsNotice(state: WalletState, key: string): boolean {
  return carriesNotice(state.lots, key);
}

/** The notice key (expiryWarningKey) of the lot an expiring grant would add, if any. */
export function warningKeyOf(command: LedgerCommand): string | null {
  // Client input: values of the wrong type are refused by decide, and name no notice.
  if (command.type !== 'GrantCredits' || command.kind !== 'expiring' || typeof command.expiresAt !== 'string') return null;
  return expiryWarningKey({ planPeriodId: typeof command.planPeriodId === 'string' ? command.planPeriodId : null, expiresAt: command.expiresAt });
}

/** Whether `event` is a notice of `key`: the store finds these by index (events_expiry_notices). */
export function namesWarning(event: LedgerEvent, key: string): boolean {
  return event.type === 'CreditsExpiringSoon' && expiryWarningKey(event.data) === key;
}

/** The state with the notices `events` (found by namesWarning) gave. */
export function withExpiryWarnings(state: WalletState, events: Iterable<LedgerEvent>): WalletState {
  const keys = new Set(state.expiryWarnings);
  for (const event of events) if (event.type === 'CreditsExpiringSoon') keys.add(expiryWarningKey(event.data));
  return { ...state, expiryWarnings: [...keys] };
}

/** The lot a grant names, if any. */
export function lotIdOf(command: LedgerCommand): string | null {
  // Client input: an id of the wrong type is refused by decide, and names no lot.
  return command.type === 'GrantCredits' && typeof command.lotId === 'string' ? command.lotId : null;
}

/** Whether `event` is the grant of the lot `lotId`: the store finds it by index (events_granted_once). */
export function namesLot(event: LedgerEvent, lotId: string): boolean {
  return event.type === 'CreditsGranted' && event.data.lotId === lotId;
}

/**
 * The state with the lots of `grantEvents` that it lacks, as the expired lots they are (see
 * snapshotOf). Their expiry instant is not read: decisions only ask whether a lot has expired, and
 * the lot leaves the row again with the next write.
 */
export function withExpiredLots(state: WalletState, grantEvents: Iterable<LedgerEvent>): WalletState {
  const lots = [...state.lots];
  for (const event of grantEvents) {
    if (event.type !== 'CreditsGranted' || lots.some((lot) => lot.lotId === event.data.lotId)) continue;
    const lot = grantedLot(event.data, 0);
    lots.push({ ...lot, remaining: 0, expiredAt: lot.expiresAt ?? lot.createdAt });
  }
  return { ...state, lots };
}

/** The spend a command looks up by id, if any. */
export function spendIdOf(command: LedgerCommand): string | null {
  if (command.type !== 'SpendCredits' && command.type !== 'RefundSpend') return null;
  // Client input: an id of the wrong type is refused by decide, and names no spend.
  return typeof command.spendId === 'string' ? command.spendId : null;
}

/** Whether an event belongs to the spend `spendId`: the spend itself or a refund of it. */
export function namesSpend(event: LedgerEvent, spendId: string): boolean {
  return (event.type === 'CreditsSpent' || event.type === 'CreditsRefunded') && event.data.spendId === spendId;
}

/** The state with the spends folded from `spendEvents` (all events of those spends, in stream order). */
export function withSpends(state: WalletState, spendEvents: Iterable<LedgerEvent>): WalletState {
  const { spends } = replay(state.walletId, spendEvents);
  const draft = draftOf(state);
  for (const spendId of Object.keys(spends)) draft.spends[spendId] = spends[spendId];
  return draft;
}

/** The hold a command names, if any. */
export function holdIdOf(command: LedgerCommand): string | null {
  if (command.type !== 'HoldCredits' && command.type !== 'CaptureHold' && command.type !== 'ReleaseHold' && command.type !== 'RefundSpend') return null;
  // Client input: an id of the wrong type is refused by decide, and names no hold.
  return typeof command.holdId === 'string' ? command.holdId : null;
}

/** Whether an event belongs to the hold `holdId`: placing, capturing, releasing or refunding it. */
export function namesHold(event: LedgerEvent, holdId: string): boolean {
  switch (event.type) {
    case 'CreditsHeld':
    case 'CreditsHoldCaptured':
    case 'CreditsHoldReleased':
      return event.data.holdId === holdId;
    case 'CreditsRefunded':
      return event.data.spendId === null && event.data.holdId === holdId;
    default:
      return false;
  }
}

/** The state with the holds folded from `holdEvents` (all events of those holds, in stream order); open ones it has already. */
export function withHolds(state: WalletState, holdEvents: Iterable<LedgerEvent>): WalletState {
  const { holds } = replay(state.walletId, holdEvents);
  const draft = draftOf(state);
  for (const holdId of Object.keys(holds)) if (!Object.hasOwn(draft.holds, holdId)) draft.holds[holdId] = holds[holdId];
  return draft;
}

/** The ids a command must find unused in its wallet (besides a spend's, see spendIdOf). */
export interface UsedIds {
  readonly deductionId: string | null;
  readonly refundId: string | null;
}

export function usedIdsOf(command: LedgerCommand): UsedIds {
  // Client input: an id of the wrong type is refused by decide, and names nothing.
  const text = (id: unknown) => (typeof id === 'string' ? id : null);
  return {
    deductionId: command.type === 'DeductCredits' ? text(command.deductionId) : null,
    refundId: command.type === 'RefundSpend' ? text(command.refundId) : null,
  };
}

/** Whether `event` used one of `ids`: the store finds these events by index (events_deducted_once, events_refunded_once). */
export function usesId(event: LedgerEvent, ids: UsedIds): boolean {
  if (event.type === 'CreditsDeducted') return event.data.deductionId === ids.deductionId;
  if (event.type === 'CreditsRefunded') return event.data.refundId === ids.refundId;
  return false;
}

/** The state with the ids that `events` (found by usesId) used. */
export function withUsedIds(state: WalletState, events: Iterable<LedgerEvent>): WalletState {
  const deductionIds = new Set(state.deductionIds);
  const refundIds = new Set(state.refundIds);
  for (const event of events) {
    if (event.type === 'CreditsDeducted') deductionIds.add(event.data.deductionId);
    else if (event.type === 'CreditsRefunded') refundIds.add(event.data.refundId);
  }
  return { ...state, deductionIds: [...deductionIds], refundIds: [...refundIds] };
}
