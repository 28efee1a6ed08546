// Part of the event stream contract: the ledger reads its store with it, and every consumer of
// credits.ledger.v1 reads old messages still in the topic with it.
import type { CreditsGrantedData, CreditsGrantedV1Data, LedgerEvent, LedgerEventType } from './ledger.events';

/** An event as read from the store or the wire: any version ever written. */
export interface StoredLedgerEvent {
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
}

export class UnknownLedgerEventError extends Error {
  constructor(readonly type: string, readonly version: number, why: string) {
    super(`cannot read ledger event ${type} v${version}: ${why}`);
    this.name = 'UnknownLedgerEventError';
  }
}

/** The version decide() writes today, per type. */
export const currentLedgerEventVersions: Readonly<Record<LedgerEventType, number>> = {
  CreditsGranted: 2,
  CreditsDeducted: 1,
  CreditsSpent: 1,
  CreditsHeld: 1,
  CreditsHoldCaptured: 1,
  CreditsHoldReleased: 1,
  CreditsRefunded: 1,
  CreditsExpired: 1,
  CreditsExpiringSoon: 1,
};

/**
 * One step per old version: `"<type>@<n>"` turns data of version n into data of version n + 1.
 * Stored events are never rewritten (DESIGN §5); they are upcast here on every read. When a v2 of an
 * event ships, add `'CreditsSpent@1': (data) => ({ ...data, newField: default })` and bump the version above.
 */
const upcasters: Readonly<Record<string, (data: unknown) => unknown>> = {
  'CreditsGranted@1': (data) => {
    const grant = data as CreditsGrantedV1Data;
    return { ...grant, purchaseId: purchaseIdOfV1Grant(grant), moneyRefund: moneyRefundOfV1Grant(grant) } satisfies CreditsGrantedData;
  },
};

/** v1 named the purchase only in the reason text `credit purchase <id>`; read it from there once, here. */
const V1_PURCHASE_REASON = 'credit purchase ';
function purchaseIdOfV1Grant(grant: { source: string; reason: string }): string | null {
  if (grant.source !== 'purchase' || !grant.reason.startsWith(V1_PURCHASE_REASON)) return null;
  return grant.reason.slice(V1_PURCHASE_REASON.length) || null;
}

/** v1 named a refund as credits only in the reason text `refund <refundId> of payment <paymentId> as credits`. */
const V1_REFUND_REASON = /^refund (\S+) of payment (\S+) as credits$/;
function moneyRefundOfV1Grant(grant: { source: string; reason: string }): { refundId: string; paymentId: string } | null {
  const named = grant.source === 'refund' ? V1_REFUND_REASON.exec(grant.reason) : null;
  return named ? { refundId: named[1], paymentId: named[2] } : null;
}

function isLedgerEventType(type: string): type is LedgerEventType {
  return Object.hasOwn(currentLedgerEventVersions, type);
}

/** Reads a stored event, of any version ever written, as the current LedgerEvent. */
export function upcastLedgerEvent(stored: StoredLedgerEvent): LedgerEvent {
  const { type } = stored;
  if (!isLedgerEventType(type)) throw new UnknownLedgerEventError(type, stored.version, 'not a ledger event type');
  const current = currentLedgerEventVersions[type];
  if (!Number.isInteger(stored.version) || stored.version < 1 || stored.version > current) {
    throw new UnknownLedgerEventError(type, stored.version, `known versions are 1..${current}`);
  }
  let { version, data } = stored;
  while (version < current) {
    const step = upcasters[`${type}@${version}`];
    if (!step) throw new UnknownLedgerEventError(type, version, `no upcaster to v${version + 1}`);
    data = step(data);
    version += 1;
  }
  // The data was valid for its version when stored, and each step yields the next version's shape.
  return { type, version, data } as LedgerEvent;
}
