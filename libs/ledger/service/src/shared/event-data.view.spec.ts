import { ledgerEventTypes, type LedgerEvent, type LedgerEventType } from '@credits/contracts';
import { eventDataView } from './event-data.view';

const base = { walletId: 'wallet:loc-1:user:bob', occurredAt: '2026-12-01T10:00:00.000Z', actor: { type: 'user', id: 'alice' }, reason: 'why' } as const;
const purpose = { resourceType: 'room', reference: 'booking-1' } as const;
const lot = { lotId: 'lot-1', amount: 1250 };
const returned = { lotId: 'lot-1', amount: 1250, expiredAmount: 5 };

/** One event of each type, every credit amount a different number of hundredths. */
const samples: { [T in LedgerEventType]: Extract<LedgerEvent, { type: T }> } = {
  CreditsGranted: {
    type: 'CreditsGranted',
    version: 2,
    data: { ...base, lots: [lot], lotId: 'lot-1', amount: 1250, kind: 'permanent', expiresAt: null, source: 'purchase', planPeriodId: null, unitPrice: { amount: 99, currency: 'EUR' }, purchaseId: 'pu-1', moneyRefund: null },
  },
  CreditsDeducted: { type: 'CreditsDeducted', version: 1, data: { ...base, lots: [lot], deductionId: 'd-1', kind: 'any', amount: 1250 } },
  CreditsSpent: { type: 'CreditsSpent', version: 1, data: { ...base, lots: [lot], spendId: 's-1', amount: 1250, purpose } },
  CreditsHeld: { type: 'CreditsHeld', version: 1, data: { ...base, lots: [lot], holdId: 'h-1', amount: 1250, expiresAt: '2026-12-01T11:00:00.000Z', purpose } },
  CreditsHoldCaptured: {
    type: 'CreditsHoldCaptured',
    version: 1,
    data: { ...base, lots: [lot], holdId: 'h-1', amount: 1250, purpose, releasedAmount: 300, expiredAmount: 5, releasedLots: [{ lotId: 'lot-1', amount: 300, expiredAmount: 5 }] },
  },
  CreditsHoldReleased: { type: 'CreditsHoldReleased', version: 1, data: { ...base, lots: [returned], holdId: 'h-1', amount: 1250, expiredAmount: 5, timedOut: true } },
  CreditsRefunded: { type: 'CreditsRefunded', version: 1, data: { ...base, lots: [returned], refundId: 'r-1', spendId: 's-1', holdId: null, amount: 1250, expiredAmount: 5 } },
  CreditsExpired: { type: 'CreditsExpired', version: 1, data: { ...base, lots: [{ lotId: 'lot-1', amount: 0 }], amount: 0, planPeriodId: 'p-1' } },
  CreditsExpiringSoon: {
    type: 'CreditsExpiringSoon',
    version: 1,
    data: { ...base, lots: [lot], owner: { locationId: 'loc-1', ownerType: 'user', ownerId: 'bob' }, amount: 1250, expiresAt: '2026-12-31T00:00:00.000Z', planPeriodId: null },
  },
};

/** Paths of every number in a JSON value. */
function numbersIn(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => numbersIn(child, Array.isArray(value) ? `${path}[]` : `${path}.${key}`));
}

describe('eventDataView (history entries in the public API)', () => {
  it.each(ledgerEventTypes.map((type) => [type]))('%s: credit amounts are decimal strings, no integer hundredths', (type) => {
    const view = eventDataView(samples[type]);
    expect(view.type).toBe(type);
    // Money keeps integer minor units (DESIGN section 6); nothing else in the view is a number.
    expect(numbersIn(view.data)).toEqual(type === 'CreditsGranted' ? ['.unitPrice.amount'] : []);
  });

  it('keeps every field of the event, with amounts converted exactly', () => {
    expect(eventDataView(samples.CreditsGranted).data).toEqual({
      ...base,
      lots: [{ lotId: 'lot-1', amount: '12.50' }],
      lotId: 'lot-1',
      amount: '12.50',
      kind: 'permanent',
      expiresAt: null,
      source: 'purchase',
      planPeriodId: null,
      unitPrice: { amount: 99, currency: 'EUR' },
      purchaseId: 'pu-1',
      moneyRefund: null,
    });
    expect(eventDataView(samples.CreditsHoldCaptured).data).toEqual({
      ...base,
      lots: [{ lotId: 'lot-1', amount: '12.50' }],
      holdId: 'h-1',
      amount: '12.50',
      purpose,
      releasedAmount: '3.00',
      expiredAmount: '0.05',
      releasedLots: [{ lotId: 'lot-1', amount: '3.00', expiredAmount: '0.05' }],
    });
    expect(eventDataView(samples.CreditsRefunded).data).toMatchObject({ spendId: 's-1', holdId: null, amount: '12.50', expiredAmount: '0.05', lots: [{ lotId: 'lot-1', amount: '12.50', expiredAmount: '0.05' }] });
    expect(eventDataView(samples.CreditsExpired).data).toMatchObject({ amount: '0.00', lots: [{ lotId: 'lot-1', amount: '0.00' }], planPeriodId: 'p-1' });
  });

  it('lists the fields of each event type one by one: one the mapping does not know stays out', () => {
    const later = { ...samples.CreditsSpent, data: { ...samples.CreditsSpent.data, refundableAmount: 1250 } } as LedgerEvent;
    expect(eventDataView(later).data).not.toHaveProperty('refundableAmount');
  });
});
