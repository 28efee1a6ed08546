import type {
  Actor,
  CreditsExpired,
  CreditsExpiringSoon,
  CreditsHoldReleased,
  LedgerEvent,
  LotAmount,
  LotReturn,
  Money,
  SpendPurpose,
} from '@credits/contracts';
import { formatCredits, isCreditsAmount } from './credits.value';
import { instantMillis, parseInstant } from './instant.value';
import { compareSpendingOrder, hasLotExpired, isLotUsable, spendableLots, sumOf, takeInOrder } from './lot-selection.policy';
import type {
  CaptureHold,
  DeductCredits,
  ExpireHolds,
  ExpireLots,
  GrantCredits,
  HoldCredits,
  LedgerCommand,
  RefundSpend,
  ReleaseHold,
  SpendCredits,
  WarnExpiringCredits,
} from './wallet.commands';
import type { DuplicateIdKind, LedgerRejection } from './wallet.rejections';
import { type Consumption, type Hold, type Lot, type WalletState, expiryWarningKey, holdOf, lotOf, lotsAwaitingNotice, spendOf } from './wallet.state';

export type DecideResult =
  | { readonly ok: true; readonly events: readonly LedgerEvent[] }
  | { readonly ok: false; readonly rejection: LedgerRejection };

/**
 * Decides what a command does to a wallet: the events to append, or why nothing changes.
 * Pure: time and ids come with the command. Checks run in a fixed order (shape, ids, existence,
 * state, amounts, balance) so that the same command always gets the same rejection.
 */
export function decide(command: LedgerCommand, state: WalletState): DecideResult {
  const mismatch = checkWallet(command, state);
  if (mismatch) return rejected(mismatch);
  const now = parseInstant(command.now);
  if (now === null) {
    return rejected(invalidField('now', `now must be an ISO-8601 UTC instant like "2025-01-31T12:00:00Z", got ${JSON.stringify(command.now)}`));
  }
  const invalid = checkActorAndReason(command);
  if (invalid) return rejected(invalid);
  switch (command.type) {
    case 'GrantCredits':
      return decideGrant(command, state, now);
    case 'DeductCredits':
      return decideDeduct(command, state, now);
    case 'SpendCredits':
      return decideSpend(command, state, now);
    case 'HoldCredits':
      return decideHold(command, state, now);
    case 'CaptureHold':
      return decideCapture(command, state, now);
    case 'ReleaseHold':
      return decideRelease(command, state, now);
    case 'ExpireHolds':
      return decideExpireHolds(command, state, now);
    case 'RefundSpend':
      return decideRefund(command, state, now);
    case 'ExpireLots':
      return decideExpireLots(command, state, now);
    case 'WarnExpiringCredits':
      return decideWarnExpiring(command, state, now);
    default:
      return assertNever(command);
  }
}

function assertNever(command: never): never {
  throw new Error(`unknown ledger command: ${JSON.stringify((command as { type?: unknown }).type)}`);
}

const MAX_ID_LENGTH = 200;
const RESOURCE_TYPES: readonly string[] = ['room', 'desk', 'event', 'product'];
const GRANT_SOURCES: readonly string[] = ['plan', 'admin', 'purchase', 'refund', 'rollover'];
const ACTOR_TYPES: readonly string[] = ['user', 'operator', 'system'];
const OWNER_TYPES: readonly string[] = ['user', 'company'];

type Rejection = LedgerRejection;
type Result = DecideResult;

const rejected = (rejection: Rejection): Result => ({ ok: false, rejection });
const accepted = (...events: LedgerEvent[]): Result => ({ ok: true, events });

function invalidField(field: string, detail: string): Rejection {
  return { type: 'invalid-command', field, detail };
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function checkId(field: string, value: unknown): Rejection | null {
  return isId(value) ? null : invalidField(field, `${field} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`);
}

function duplicate(idKind: DuplicateIdKind, id: string): Rejection {
  return { type: 'duplicate-id', idKind, id, detail: `${idKind} id "${id}" was already used in this wallet` };
}

function checkWallet(command: LedgerCommand, state: WalletState): Rejection | null {
  if (command.walletId === state.walletId) return null;
  return {
    type: 'wallet-mismatch',
    expected: state.walletId,
    actual: String(command.walletId),
    detail: `command for wallet "${String(command.walletId)}" was given the state of wallet "${state.walletId}"`,
  };
}

function checkActorAndReason(command: LedgerCommand): Rejection | null {
  const actor = command.actor as Partial<Actor> | null | undefined;
  if (!actor || !ACTOR_TYPES.includes(actor.type as string) || !isId(actor.id)) {
    return invalidField('actor', 'actor must be {type: "user"|"operator"|"system", id: non-empty string}');
  }
  // R6/R18: every balance change says why.
  if (typeof command.reason !== 'string' || command.reason.trim() === '') {
    return invalidField('reason', 'reason must be a non-empty string');
  }
  return null;
}

function checkAmount(amount: unknown): Rejection | null {
  if (isCreditsAmount(amount) && amount > 0) return null;
  return {
    type: 'invalid-amount',
    amount,
    detail: `amount must be a positive whole number of hundredths of a credit (1250 = 12.50 credits), got ${JSON.stringify(amount)}`,
  };
}

function checkPurpose(purpose: unknown): Rejection | null {
  const candidate = purpose as Partial<SpendPurpose> | null | undefined;
  if (candidate && RESOURCE_TYPES.includes(candidate.resourceType as string) && isId(candidate.reference)) return null;
  return invalidField('purpose', 'purpose must be {resourceType: "room"|"desk"|"event"|"product", reference: non-empty string}');
}

/** Expiry of something created now: a valid instant strictly after now. */
function checkFutureExpiry(expiresAt: unknown, command: LedgerCommand, now: number, what: string): Rejection | null {
  const millis = parseInstant(expiresAt);
  if (millis === null) {
    return {
      type: 'invalid-expiry',
      expiresAt,
      now: command.now,
      detail: `${what} needs expiresAt as an ISO-8601 UTC instant, got ${JSON.stringify(expiresAt)}`,
    };
  }
  if (millis <= now) {
    return {
      type: 'invalid-expiry',
      expiresAt,
      now: command.now,
      detail: `${what} must expire after now (${command.now}), got expiresAt ${String(expiresAt)}`,
    };
  }
  return null;
}

function insufficient(what: string, requested: number, available: number): Rejection {
  const shortfall = requested - available;
  return {
    type: 'insufficient-credits',
    requested,
    available,
    shortfall,
    detail: `${what} of ${formatCredits(requested)} credits needs ${formatCredits(shortfall)} more: only ${formatCredits(available)} available`,
  };
}

/**
 * An event's data: what every event records, then its own fields. Object.assign, not a literal
 * spreading the common fields: V8 (Node 20) takes a slow path, 1-3 µs, when a literal adds keys
 * after a spread, and every command builds one.
 */
function eventData<T extends object>(command: LedgerCommand, own: T) {
  const common = { walletId: command.walletId, occurredAt: command.now, actor: { type: command.actor.type, id: command.actor.id }, reason: command.reason };
  return Object.assign(common, own);
}

function isMoney(value: unknown): value is Money {
  const money = value as Partial<Money> | null | undefined;
  return !!money && isCreditsAmount(money.amount) && money.amount >= 0 && typeof money.currency === 'string' && /^[A-Z]{3}$/.test(money.currency);
}

/** Everything the wallet holds (lots and holds), to keep every sum a safe integer. */
function totalHeldAndRemaining(state: WalletState): number {
  const inLots = state.lots.reduce((total, lot) => total + lot.remaining, 0);
  return inLots + Object.values(state.holds).reduce((total, hold) => total + (hold.status === 'open' ? hold.amount : 0), 0);
}

function decideGrant(command: GrantCredits, state: WalletState, now: number): Result {
  const invalid =
    checkId('lotId', command.lotId) ??
    (command.kind === 'permanent' || command.kind === 'expiring' ? null : invalidField('kind', 'kind must be "permanent" or "expiring"')) ??
    (GRANT_SOURCES.includes(command.source) ? null : invalidField('source', `source must be one of ${GRANT_SOURCES.join(', ')}`)) ??
    (command.planPeriodId == null ? null : checkId('planPeriodId', command.planPeriodId)) ??
    (command.unitPrice == null || isMoney(command.unitPrice)
      ? null
      : invalidField('unitPrice', 'unitPrice must be {amount: non-negative integer minor units, currency: ISO 4217 code}'));
  if (invalid) return rejected(invalid);
  if (lotOf(state, command.lotId)) return rejected(duplicate('lot', command.lotId));
  const badAmount = checkAmount(command.amount);
  if (badAmount) return rejected(badAmount);
  if (command.kind === 'expiring') {
    const badExpiry = checkFutureExpiry(command.expiresAt, command, now, 'an expiring grant');
    if (badExpiry) return rejected(badExpiry);
  } else if (command.expiresAt != null) {
    return rejected({
      type: 'invalid-expiry',
      expiresAt: command.expiresAt,
      now: command.now,
      detail: 'permanent credits never expire: leave expiresAt out or grant kind "expiring"',
    });
  }
  if (totalHeldAndRemaining(state) + command.amount > Number.MAX_SAFE_INTEGER) {
    return rejected({ type: 'invalid-amount', amount: command.amount, detail: 'the wallet cannot hold that many credits' });
  }
  return accepted({
    type: 'CreditsGranted',
    version: 2,
    data: eventData(command, {
      lots: [{ lotId: command.lotId, amount: command.amount }],
      lotId: command.lotId,
      amount: command.amount,
      kind: command.kind,
      expiresAt: command.kind === 'expiring' ? (command.expiresAt as string) : null,
      source: command.source,
      planPeriodId: command.planPeriodId ?? null,
      unitPrice: command.unitPrice ? { amount: command.unitPrice.amount, currency: command.unitPrice.currency } : null,
      purchaseId: command.purchaseId ?? null,
      moneyRefund: command.moneyRefund ? { refundId: command.moneyRefund.refundId, paymentId: command.moneyRefund.paymentId } : null,
    }),
  });
}

function decideDeduct(command: DeductCredits, state: WalletState, now: number): Result {
  const invalid =
    checkId('deductionId', command.deductionId) ??
    (['permanent', 'expiring', 'any'].includes(command.kind) ? null : invalidField('kind', 'kind must be "permanent", "expiring" or "any"'));
  if (invalid) return rejected(invalid);
  if (state.deductionIds.includes(command.deductionId)) return rejected(duplicate('deduction', command.deductionId));
  const badAmount = checkAmount(command.amount);
  if (badAmount) return rejected(badAmount);
  // R6: never below zero, so only what is usable now (not held, not past expiry) can be deducted.
  const lots = spendableLots(state.lots, now, (lot) => command.kind === 'any' || lot.kind === command.kind);
  const available = lots.reduce((total, lot) => total + lot.remaining, 0);
  const what = command.kind === 'any' ? 'deduction' : `deduction of ${command.kind} credits`;
  if (command.amount > available) return rejected(insufficient(what, command.amount, available));
  return accepted({
    type: 'CreditsDeducted',
    version: 1,
    data: eventData(command, {
      lots: takeInOrder(lots, command.amount),
      deductionId: command.deductionId,
      kind: command.kind,
      amount: command.amount,
    }),
  });
}

function decideSpend(command: SpendCredits, state: WalletState, now: number): Result {
  const invalid = checkId('spendId', command.spendId) ?? checkPurpose(command.purpose);
  if (invalid) return rejected(invalid);
  if (spendOf(state, command.spendId)) return rejected(duplicate('spend', command.spendId));
  const badAmount = checkAmount(command.amount);
  if (badAmount) return rejected(badAmount);
  // R7: all or nothing, in spending order.
  const lots = spendableLots(state.lots, now);
  const available = lots.reduce((total, lot) => total + lot.remaining, 0);
  if (command.amount > available) return rejected(insufficient('spend', command.amount, available));
  return accepted({
    type: 'CreditsSpent',
    version: 1,
    data: eventData(command, {
      lots: takeInOrder(lots, command.amount),
      spendId: command.spendId,
      amount: command.amount,
      purpose: { resourceType: command.purpose.resourceType, reference: command.purpose.reference },
    }),
  });
}

function decideHold(command: HoldCredits, state: WalletState, now: number): Result {
  const invalid = checkId('holdId', command.holdId) ?? checkPurpose(command.purpose);
  if (invalid) return rejected(invalid);
  if (holdOf(state, command.holdId)) return rejected(duplicate('hold', command.holdId));
  const badAmount = checkAmount(command.amount);
  if (badAmount) return rejected(badAmount);
  const badExpiry = checkFutureExpiry(command.expiresAt, command, now, 'a hold');
  if (badExpiry) return rejected(badExpiry);
  // Same order and all-or-nothing rule as a spend: a hold is a spend that may still be undone.
  const lots = spendableLots(state.lots, now);
  const available = lots.reduce((total, lot) => total + lot.remaining, 0);
  if (command.amount > available) return rejected(insufficient('hold', command.amount, available));
  return accepted({
    type: 'CreditsHeld',
    version: 1,
    data: eventData(command, {
      lots: takeInOrder(lots, command.amount),
      holdId: command.holdId,
      amount: command.amount,
      expiresAt: command.expiresAt,
      purpose: { resourceType: command.purpose.resourceType, reference: command.purpose.reference },
    }),
  });
}

/** The hold a capture or release acts on, if it exists and is still open. */
function openHold(state: WalletState, holdId: unknown): { hold: Hold } | { rejection: Rejection } {
  const badId = checkId('holdId', holdId);
  if (badId) return { rejection: badId };
  const hold = holdOf(state, holdId as string);
  if (!hold) return { rejection: { type: 'hold-not-found', holdId: holdId as string, detail: `no hold "${String(holdId)}" in this wallet` } };
  if (hold.status !== 'open') {
    return {
      rejection: { type: 'hold-not-open', holdId: hold.holdId, status: hold.status, detail: `hold "${hold.holdId}" was already ${hold.status}` },
    };
  }
  return { hold };
}

/** Credits going back to their lots; what returns to an expired lot expires at once (R9). */
function returnToLots(state: WalletState, parts: readonly LotAmount[], now: number): LotReturn[] {
  return parts
    .filter((part) => part.amount > 0)
    .map((part) => {
      const lot = lotOf(state, part.lotId);
      const expired = !lot || hasLotExpired(lot, now);
      return { lotId: part.lotId, amount: part.amount, expiredAmount: expired ? part.amount : 0 };
    });
}

function decideCapture(command: CaptureHold, state: WalletState, now: number): Result {
  const found = openHold(state, command.holdId);
  if ('rejection' in found) return rejected(found.rejection);
  const { hold } = found;
  // A capture racing the hold's timeout loses from the expiry instant on: ExpireHolds releases it.
  if (now >= instantMillis(hold.expiresAt)) {
    return rejected({
      type: 'hold-expired',
      holdId: hold.holdId,
      expiresAt: hold.expiresAt,
      detail: `hold "${hold.holdId}" expired at ${hold.expiresAt} and can no longer be captured`,
    });
  }
  const amount = command.amount ?? hold.amount;
  const badAmount = checkAmount(amount);
  if (badAmount) return rejected(badAmount);
  if (amount > hold.amount) {
    return rejected({
      type: 'capture-exceeds-hold',
      holdId: hold.holdId,
      requested: amount,
      held: hold.amount,
      detail: `cannot capture ${formatCredits(amount)} credits: hold "${hold.holdId}" holds ${formatCredits(hold.amount)}`,
    });
  }
  // Captured from the reservations in their R7 order; what is left over goes back to its lots.
  // Reserved credits stay capturable even if their lot expired meanwhile: they left the lot while it was valid.
  const captured: LotAmount[] = [];
  const released: LotAmount[] = [];
  let rest = amount;
  for (const reservation of hold.reservations) {
    const take = Math.min(reservation.amount, rest);
    rest -= take;
    if (take > 0) captured.push({ lotId: reservation.lotId, amount: take });
    if (reservation.amount > take) released.push({ lotId: reservation.lotId, amount: reservation.amount - take });
  }
  const releasedLots = returnToLots(state, released, now);
  return accepted({
    type: 'CreditsHoldCaptured',
    version: 1,
    data: eventData(command, {
      lots: captured,
      holdId: hold.holdId,
      amount,
      purpose: hold.purpose,
      releasedAmount: sumOf(releasedLots),
      expiredAmount: releasedLots.reduce((total, part) => total + part.expiredAmount, 0),
      releasedLots,
    }),
  });
}

function releaseEvent(command: LedgerCommand, state: WalletState, hold: Hold, now: number, timedOut: boolean): CreditsHoldReleased {
  const lots = returnToLots(state, hold.reservations, now);
  return {
    type: 'CreditsHoldReleased',
    version: 1,
    data: eventData(command, {
      lots,
      holdId: hold.holdId,
      amount: hold.amount,
      expiredAmount: lots.reduce((total, part) => total + part.expiredAmount, 0),
      timedOut,
    }),
  };
}

function decideRelease(command: ReleaseHold, state: WalletState, now: number): Result {
  const found = openHold(state, command.holdId);
  if ('rejection' in found) return rejected(found.rejection);
  return accepted(releaseEvent(command, state, found.hold, now, false));
}

function decideExpireHolds(command: ExpireHolds, state: WalletState, now: number): Result {
  // One event per timed-out hold; nothing due is a successful no-op, so schedulers can call it freely.
  const due = Object.values(state.holds).filter((hold) => hold.status === 'open' && instantMillis(hold.expiresAt) <= now);
  return accepted(...due.map((hold) => releaseEvent(command, state, hold, now, true)));
}

function decideRefund(command: RefundSpend, state: WalletState, now: number): Result {
  const badRefundId = checkId('refundId', command.refundId);
  if (badRefundId) return rejected(badRefundId);
  const bySpend = command.spendId != null;
  const byHold = command.holdId != null;
  if (bySpend === byHold) return rejected(invalidField('spendId', 'a refund names exactly one of spendId or holdId'));
  const badTarget = bySpend ? checkId('spendId', command.spendId) : checkId('holdId', command.holdId);
  if (badTarget) return rejected(badTarget);
  if (state.refundIds.includes(command.refundId)) return rejected(duplicate('refund', command.refundId));

  let consumption: Consumption | null = null;
  if (bySpend) {
    consumption = spendOf(state, command.spendId as string) ?? null;
  } else {
    consumption = holdOf(state, command.holdId as string)?.capture ?? null;
  }
  if (!consumption) {
    return rejected({
      type: 'spend-not-found',
      spendId: bySpend ? (command.spendId as string) : null,
      holdId: byHold ? (command.holdId as string) : null,
      detail: bySpend ? `no spend "${command.spendId}" in this wallet` : `no captured hold "${command.holdId}" in this wallet`,
    });
  }
  const refundable = consumption.amount - consumption.refunded;
  if (command.amount !== undefined) {
    const badAmount = checkAmount(command.amount);
    if (badAmount) return rejected(badAmount);
  }
  const amount = command.amount ?? refundable;
  if (amount === 0 || amount > refundable) {
    return rejected({
      type: 'refund-exceeds-spent',
      requested: command.amount ?? consumption.amount,
      refundable,
      detail: `cannot refund ${formatCredits(command.amount ?? consumption.amount)} credits: ${formatCredits(refundable)} of ${formatCredits(consumption.amount)} spent are still refundable`,
    });
  }
  // A partial refund undoes the spend from its end (reverse R7 order): permanent and later-expiring
  // lots get their credits back first, which is what the member would choose.
  const parts: LotAmount[] = [];
  let rest = amount;
  for (const part of [...consumption.lots].reverse()) {
    const take = Math.min(part.amount - part.refunded, rest);
    rest -= take;
    if (take > 0) parts.push({ lotId: part.lotId, amount: take });
  }
  const lots = returnToLots(state, parts, now);
  return accepted({
    type: 'CreditsRefunded',
    version: 1,
    data: eventData(command, {
      lots,
      refundId: command.refundId,
      spendId: bySpend ? (command.spendId as string) : null,
      holdId: byHold ? (command.holdId as string) : null,
      amount,
      expiredAmount: lots.reduce((total, part) => total + part.expiredAmount, 0),
    }),
  });
}

function decideExpireLots(command: ExpireLots, state: WalletState, now: number): Result {
  const planPeriodId = command.planPeriodId ?? null;
  if (planPeriodId !== null) {
    const badId = checkId('planPeriodId', planPeriodId);
    if (badId) return rejected(badId);
  }
  // Exactly once per lot: a lot that CreditsExpired already closed is skipped, so retries are no-ops.
  // Permanent lots never expire, even when they carry a planPeriodId.
  const due = (lot: Lot) =>
    lot.kind === 'expiring' &&
    lot.expiredAt === null &&
    (planPeriodId !== null ? lot.planPeriodId === planPeriodId : lot.expiresAt !== null && instantMillis(lot.expiresAt) <= now);
  const lots = state.lots.filter(due).map((lot) => ({ lotId: lot.lotId, amount: lot.remaining }));
  if (lots.length === 0) return accepted();
  const event: CreditsExpired = {
    type: 'CreditsExpired',
    version: 1,
    data: eventData(command, { lots, amount: sumOf(lots), planPeriodId }),
  };
  return accepted(event);
}

function decideWarnExpiring(command: WarnExpiringCredits, state: WalletState, now: number): Result {
  if (!Number.isSafeInteger(command.leadMs) || command.leadMs < 0) {
    return rejected(invalidField('leadMs', 'leadMs must be a non-negative whole number of milliseconds'));
  }
  const owner = command.owner as Partial<WarnExpiringCredits['owner']> | null | undefined;
  if (!owner || !isId(owner.locationId) || !OWNER_TYPES.includes(owner.ownerType as string) || !isId(owner.ownerId)) {
    return rejected(invalidField('owner', 'owner must be {locationId, ownerType: "user"|"company", ownerId}'));
  }
  // Credits still usable now, grouped by what one notice covers; groups already warned of are done.
  const groups = new Map<string, Lot[]>();
  for (const lot of lotsAwaitingNotice(state).sort(compareSpendingOrder)) {
    if (!isLotUsable(lot, now)) continue;
    const key = expiryWarningKey(lot);
    groups.set(key, [...(groups.get(key) ?? []), lot]);
  }
  const events: CreditsExpiringSoon[] = [];
  for (const lots of groups.values()) {
    // Spending order puts the soonest expiry first: the notice names that one.
    const expiresAt = lots[0].expiresAt as string;
    if (now < instantMillis(expiresAt) - command.leadMs) continue;
    const parts = lots.map((lot) => ({ lotId: lot.lotId, amount: lot.remaining }));
    events.push({
      type: 'CreditsExpiringSoon',
      version: 1,
      data: eventData(command, {
        lots: parts,
        owner: { locationId: command.owner.locationId, ownerType: command.owner.ownerType, ownerId: command.owner.ownerId },
        amount: sumOf(parts),
        expiresAt,
        planPeriodId: lots[0].planPeriodId,
      }),
    });
  }
  // Nothing due is a successful no-op, as for the other scheduled commands.
  return accepted(...events);
}
