import { ev } from './testing/given-when-then.test-kit';
import { UnknownLedgerEventError, currentLedgerEventVersions, upcast } from './ledger-event.upcaster';

describe('upcast', () => {
  it('reads v1 events as they are', () => {
    const event = ev.granted({ lotId: 'l1', amount: 100 });
    const stored = JSON.parse(JSON.stringify(event));
    expect(upcast(stored)).toEqual(event);
  });

  it('knows every ledger event type at version 1', () => {
    expect(Object.values(currentLedgerEventVersions)).toEqual(Array(9).fill(1));
  });

  it('refuses unknown types and versions it cannot read', () => {
    expect(() => upcast({ type: 'CreditsStolen', version: 1, data: {} })).toThrow(UnknownLedgerEventError);
    expect(() => upcast({ type: 'CreditsGranted', version: 2, data: {} })).toThrow(/known versions are 1\.\.1/);
    expect(() => upcast({ type: 'CreditsGranted', version: 0, data: {} })).toThrow(UnknownLedgerEventError);
    expect(() => upcast({ type: 'constructor', version: 1, data: {} })).toThrow(UnknownLedgerEventError);
  });
});
