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

  it('refuses parts that would make the id ambiguous', () => {
    expect(() => walletIdFor({ locationId: 'a:b', ownerType: 'user', ownerId: 'u' })).toThrow(/locationId/);
    expect(() => walletIdFor({ locationId: 'loc', ownerType: 'user', ownerId: '' })).toThrow(/ownerId/);
    expect(() => walletIdFor({ locationId: 'loc', ownerType: 'team' as never, ownerId: 'u' })).toThrow(/owner type/);
  });
});
