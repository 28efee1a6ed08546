import { parseWalletId, walletIdFor } from './wallet-id.value';

describe('wallet ids', () => {
  it('derives one id per location and owner', () => {
    expect(walletIdFor({ locationId: 'loc-1', ownerType: 'user', ownerId: 'u-1' })).toBe('wallet:loc-1:user:u-1');
    expect(walletIdFor({ locationId: 'loc-1', ownerType: 'company', ownerId: 'c-9' })).toBe('wallet:loc-1:company:c-9');
  });

  it('parses what it derives', () => {
    const owner = { locationId: '0b6f4c1e-2f7a-4c55-9d8e-0f1a2b3c4d5e', ownerType: 'company' as const, ownerId: 'acme' };
    expect(parseWalletId(walletIdFor(owner))).toEqual(owner);
  });

  it.each(['', 'wallet:loc-1:user', 'wallet:loc-1:team:u-1', 'purse:loc-1:user:u-1', 'wallet::user:u-1', 'wallet:loc-1:user:u-1:x'])(
    'does not parse %j',
    (text) => {
      expect(parseWalletId(text)).toBeNull();
    },
  );

  it.each(['auth0|64f1c2', 'us-east-1:6b1d', 'Jo Doe', '100%', 'a%3Ab', '山田\u3000太郎', 'x@example.com'])(
    'escapes an owner id such as %j so that the id parses back to it',
    (ownerId) => {
      const owner = { locationId: 'loc-1', ownerType: 'user' as const, ownerId };
      const walletId = walletIdFor(owner);
      expect(walletId.split(':')).toHaveLength(4);
      expect(walletId).not.toMatch(/\s/);
      expect(parseWalletId(walletId)).toEqual(owner);
    },
  );

  it('keeps ids of owners without escaped characters as they always were', () => {
    expect(walletIdFor({ locationId: 'loc-1', ownerType: 'user', ownerId: 'auth0|a.b_c@d-e' })).toBe('wallet:loc-1:user:auth0|a.b_c@d-e');
    expect(walletIdFor({ locationId: 'loc-1', ownerType: 'user', ownerId: 'us:1 x' })).toBe('wallet:loc-1:user:us%3A1%20x');
  });

  it('parses only the one spelling it derives', () => {
    expect(parseWalletId('wallet:loc-1:user:us%3a1')).toBeNull();
    expect(parseWalletId('wallet:loc-1:user:%E0%A4%A')).toBeNull();
    expect(parseWalletId('wallet:loc-1:user:a%62')).toBeNull();
  });

  it('refuses parts that would make the id ambiguous', () => {
    expect(() => walletIdFor({ locationId: 'a:b', ownerType: 'user', ownerId: 'u' })).toThrow(/locationId/);
    expect(() => walletIdFor({ locationId: 'loc', ownerType: 'user', ownerId: '' })).toThrow(/ownerId/);
    expect(() => walletIdFor({ locationId: 'loc', ownerType: 'team' as never, ownerId: 'u' })).toThrow(/owner type/);
  });
});
