import { ev } from './testing/given-when-then.test-kit';
import { UnknownLedgerEventError, currentLedgerEventVersions, upcast } from './ledger-event.upcaster';

describe('upcast', () => {
  it('reads current events as they are', () => {
    const event = ev.granted({ lotId: 'l1', amount: 100, source: 'purchase', purchaseId: 'pu-1' });
    const stored = JSON.parse(JSON.stringify(event));
    expect(upcast(stored)).toEqual(event);
  });

  it('reads a v1 purchase grant with the purchase id its reason text named', () => {
    const { purchaseId: _, ...v1 } = ev.granted({ lotId: 'l1', amount: 100, source: 'purchase', reason: 'credit purchase pu-7' }).data;
    expect(upcast({ type: 'CreditsGranted', version: 1, data: v1 })).toEqual({ type: 'CreditsGranted', version: 2, data: { ...v1, purchaseId: 'pu-7' } });
  });

  it('reads other v1 grants with no purchase, whatever their reason says', () => {
    const { purchaseId: _a, ...admin } = ev.granted({ lotId: 'l1', amount: 100, source: 'admin', reason: 'credit purchase pu-7' }).data;
    expect(upcast({ type: 'CreditsGranted', version: 1, data: admin }).data).toEqual({ ...admin, purchaseId: null });
    const { purchaseId: _b, ...odd } = ev.granted({ lotId: 'l1', amount: 100, source: 'purchase', reason: 'bought' }).data;
    expect(upcast({ type: 'CreditsGranted', version: 1, data: odd }).data).toEqual({ ...odd, purchaseId: null });
  });

  it('writes CreditsGranted at v2 and every other type at v1', () => {
    expect(currentLedgerEventVersions).toEqual({ ...Object.fromEntries(Object.keys(currentLedgerEventVersions).map((t) => [t, 1])), CreditsGranted: 2 });
  });

  it('refuses unknown types and versions it cannot read', () => {
    expect(() => upcast({ type: 'CreditsStolen', version: 1, data: {} })).toThrow(UnknownLedgerEventError);
    expect(() => upcast({ type: 'CreditsGranted', version: 3, data: {} })).toThrow(/known versions are 1\.\.2/);
    expect(() => upcast({ type: 'CreditsGranted', version: 0, data: {} })).toThrow(UnknownLedgerEventError);
    expect(() => upcast({ type: 'constructor', version: 1, data: {} })).toThrow(UnknownLedgerEventError);
  });
});
