import { initialWalletState } from '@credits/ledger-domain';
import { factsKey, BoundedMap, WalletCommandCache } from './wallet-command.cache';

describe('BoundedMap', () => {
  it('keeps at most its limit, forgetting the entry added longest ago; setting an entry again changes its value, not its place', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    expect([map.get('a'), map.get('b'), map.size]).toEqual([3, 2, 2]);
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([undefined, 2, 4, 2]);
  });
});

describe('WalletCommandCache', () => {
  const facts = { currency: 'EUR', credits_enabled: true, caller_role: null, caller_left: false, owner_is_active: true, owner_exists: true, caller_in_company: false };
  const key = factsKey('loc-1', null, 'user', 'u1');

  it('remembers wallets and facts, a location that does not exist (null) included, and forgets wallets it is told to', () => {
    const cache = new WalletCommandCache(10);
    cache.adopt('7');
    cache.rememberWallet('w1', { state: initialWalletState('w1'), rowVersion: 0 });
    cache.rememberFacts(key, facts);
    cache.rememberFacts(factsKey('nowhere', null, 'user', 'u1'), null);
    expect(cache.wallet('w1')).toEqual({ state: initialWalletState('w1'), rowVersion: 0 });
    expect(cache.factsFor(key)).toEqual(facts);
    expect(cache.factsFor(factsKey('nowhere', null, 'user', 'u1'))).toBeNull();
    expect(cache.factsFor(factsKey('loc-1', 'someone', 'user', 'u1'))).toBeUndefined();
    cache.forgetWallets(['w1']);
    expect(cache.wallet('w1')).toBeUndefined();
  });

  it('drops everything remembered under another epoch, and nothing when the epoch stays', () => {
    const cache = new WalletCommandCache(10);
    expect(cache.epoch).toBeNull();
    cache.adopt('1');
    cache.rememberWallet('w1', { state: initialWalletState('w1'), rowVersion: 0 });
    cache.rememberFacts(key, facts);
    cache.adopt('1');
    expect(cache.wallet('w1')).toBeDefined();
    cache.adopt('2');
    expect(cache.epoch).toBe('2');
    expect(cache.wallet('w1')).toBeUndefined();
    expect(cache.factsFor(key)).toBeUndefined();
  });
});
