import type { CreditsGrantedData } from './ledger.events';
import { UnknownLedgerEventError, currentLedgerEventVersions, upcastLedgerEvent } from './ledger-event.upcaster';

/** A grant as v2 writes it. */
const grant = (o: Pick<CreditsGrantedData, 'lotId' | 'amount' | 'source'> & Partial<CreditsGrantedData>): CreditsGrantedData => ({
  walletId: 'wallet:loc:user:bob',
  occurredAt: '2026-12-05T10:00:00.000Z',
  actor: { type: 'user', id: 'alice' },
  reason: 'grant',
  lots: [{ lotId: o.lotId, amount: o.amount }],
  kind: 'permanent',
  expiresAt: null,
  planPeriodId: null,
  unitPrice: null,
  purchaseId: null,
  moneyRefund: null,
  ...o,
});

describe('upcastLedgerEvent', () => {
  it('reads current events as they are', () => {
    const event = { type: 'CreditsGranted', version: 2, data: grant({ lotId: 'l1', amount: 100, source: 'purchase', purchaseId: 'pu-1' }) };
    const stored = JSON.parse(JSON.stringify(event));
    expect(upcastLedgerEvent(stored)).toEqual(event);
  });

  /** A grant as v1 wrote it: without v2's fields. */
  const v1Grant = (o: Parameters<typeof grant>[0]) => {
    const { purchaseId: _p, moneyRefund: _r, ...v1 } = grant(o);
    return v1;
  };

  it('reads a v1 purchase grant with the purchase id its reason text named', () => {
    const v1 = v1Grant({ lotId: 'l1', amount: 100, source: 'purchase', reason: 'credit purchase pu-7' });
    expect(upcastLedgerEvent({ type: 'CreditsGranted', version: 1, data: v1 })).toEqual({ type: 'CreditsGranted', version: 2, data: { ...v1, purchaseId: 'pu-7', moneyRefund: null } });
  });

  it('reads a v1 refund grant with the refund and payment its reason text named', () => {
    const v1 = v1Grant({ lotId: 'l1', amount: 100, source: 'refund', reason: 'refund re-1 of payment pa-2 as credits' });
    expect(upcastLedgerEvent({ type: 'CreditsGranted', version: 1, data: v1 }).data).toEqual({ ...v1, purchaseId: null, moneyRefund: { refundId: 're-1', paymentId: 'pa-2' } });
  });

  it('reads other v1 grants with neither, whatever their reason says', () => {
    const admin = v1Grant({ lotId: 'l1', amount: 100, source: 'admin', reason: 'credit purchase pu-7' });
    expect(upcastLedgerEvent({ type: 'CreditsGranted', version: 1, data: admin }).data).toEqual({ ...admin, purchaseId: null, moneyRefund: null });
    const gift = v1Grant({ lotId: 'l1', amount: 100, source: 'admin', reason: 'refund re-1 of payment pa-2 as credits' });
    expect(upcastLedgerEvent({ type: 'CreditsGranted', version: 1, data: gift }).data).toEqual({ ...gift, purchaseId: null, moneyRefund: null });
    const odd = v1Grant({ lotId: 'l1', amount: 100, source: 'purchase', reason: 'bought' });
    expect(upcastLedgerEvent({ type: 'CreditsGranted', version: 1, data: odd }).data).toEqual({ ...odd, purchaseId: null, moneyRefund: null });
  });

  it('writes CreditsGranted at v2 and every other type at v1', () => {
    expect(currentLedgerEventVersions).toEqual({ ...Object.fromEntries(Object.keys(currentLedgerEventVersions).map((t) => [t, 1])), CreditsGranted: 2 });
  });

  it('refuses unknown types and versions it cannot read', () => {
    expect(() => upcastLedgerEvent({ type: 'CreditsStolen', version: 1, data: {} })).toThrow(UnknownLedgerEventError);
    expect(() => upcastLedgerEvent({ type: 'CreditsGranted', version: 3, data: {} })).toThrow(/known versions are 1\.\.2/);
    expect(() => upcastLedgerEvent({ type: 'CreditsGranted', version: 0, data: {} })).toThrow(UnknownLedgerEventError);
    expect(() => upcastLedgerEvent({ type: 'constructor', version: 1, data: {} })).toThrow(UnknownLedgerEventError);
  });
});
