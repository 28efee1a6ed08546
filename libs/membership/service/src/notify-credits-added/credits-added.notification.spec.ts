import { walletIdFor, type CreditsGrantedData } from '@credits/contracts';
import { creditsAddedBy, recipientsOf } from './credits-added.notification';

const LOCATION = '0b6f3c52-8d1e-4c4f-9a57-5e2f0f8f6a11';

function grant(overrides: Partial<CreditsGrantedData>) {
  return { type: 'CreditsGranted', version: 2, data: grantData(overrides) };
}

function grantData(overrides: Partial<CreditsGrantedData>): CreditsGrantedData {
  return {
    walletId: walletIdFor({ locationId: LOCATION, ownerType: 'user', ownerId: 'auth0|bob' }),
    occurredAt: '2026-12-05T10:00:00.000Z',
    actor: { type: 'user', id: 'alice' },
    reason: 'welcome',
    lots: [{ lotId: 'l1', amount: 1250 }],
    lotId: 'l1',
    amount: 1250,
    kind: 'permanent',
    expiresAt: null,
    source: 'admin',
    planPeriodId: null,
    unitPrice: null,
    purchaseId: null,
    moneyRefund: null,
    ...overrides,
  };
}

describe('credits-added notifications (R14)', () => {
  it('tells what landed in which wallet, from the grant', () => {
    expect(creditsAddedBy(grant({}))).toEqual({
      owner: { locationId: LOCATION, ownerType: 'user', ownerId: 'auth0|bob' },
      content: {
        kind: 'credits-added',
        locationId: LOCATION,
        wallet: { ownerType: 'user', ownerId: 'auth0|bob' },
        amount: 1250,
        source: 'admin',
        purchaseId: null,
        occurredAt: '2026-12-05T10:00:00.000Z',
      },
    });
  });

  it('names the purchase of purchased credits, and no purchase for other sources', () => {
    const purchaseId = 'a3a1f4f0-0000-4000-8000-000000000001';
    expect(creditsAddedBy(grant({ source: 'purchase', reason: 'Credit purchase', purchaseId }))?.content.purchaseId).toBe(purchaseId);
    expect(creditsAddedBy(grant({ source: 'admin' }))?.content.purchaseId).toBeNull();
    // The reason is human text: an id written there is not read.
    expect(creditsAddedBy(grant({ source: 'purchase', reason: `credit purchase ${purchaseId}` }))?.content.purchaseId).toBeNull();
  });

  it('reads a v1 grant still in the topic as v2: the purchase its reason named (the only place v1 had it)', () => {
    const purchaseId = 'a3a1f4f0-0000-4000-8000-000000000001';
    const { purchaseId: _p, moneyRefund: _r, ...v1 } = grantData({ source: 'purchase', reason: `credit purchase ${purchaseId}` });
    expect(creditsAddedBy({ type: 'CreditsGranted', version: 1, data: v1 })?.content.purchaseId).toBe(purchaseId);
  });

  it('refuses a wallet id that names no wallet', () => {
    expect(creditsAddedBy(grant({ walletId: 'not-a-wallet' }))).toBeNull();
  });

  it('tells a member about their own wallet, and only the managers about a company wallet', () => {
    expect(recipientsOf({ locationId: LOCATION, ownerType: 'user', ownerId: 'bob' }, ['carol'])).toEqual(['bob']);
    expect(recipientsOf({ locationId: LOCATION, ownerType: 'company', ownerId: 'acme' }, ['zoe', 'carol', 'zoe'])).toEqual(['carol', 'zoe']);
    expect(recipientsOf({ locationId: LOCATION, ownerType: 'company', ownerId: 'acme' }, [])).toEqual([]);
  });
});
