import type { WalletOwner } from '@credits/contracts';
import { ProblemException } from '@credits/platform/core';
import { authorizeLiabilityReport, authorizeWalletReadOn, deductionAccess, grantAccess, requireSpender, type FactsRow } from './wallet-access';

const bobs: WalletOwner = { locationId: 'loc-1', ownerType: 'user', ownerId: 'bob' };
const acmes: WalletOwner = { locationId: 'loc-1', ownerType: 'company', ownerId: 'acme' };
const person = (userId: string) => ({ userId, isOperator: false });
const operator = { userId: 'op-1', isOperator: true };

/** Facts of an existing location with credits on and an active owner, as membership-projection.store.ts reads them. */
const facts = (changes: Partial<NonNullable<FactsRow>> = {}): FactsRow => ({
  currency: 'EUR',
  credits_enabled: true,
  caller_role: 'member',
  caller_left: false,
  owner_is_active: true,
  owner_exists: true,
  caller_in_company: false,
  ...changes,
});

/** What `decide` refuses with, as [status, code, detail]; null when it allows. */
function refusal(decide: () => void): [number, string, string | undefined] | null {
  try {
    decide();
    return null;
  } catch (error) {
    if (!(error instanceof ProblemException)) throw error;
    return [error.status, error.code, error.detail];
  }
}

const notThere: [number, string, string] = [404, 'not-found', 'location loc-1 does not exist'];
const leftIt: [number, string, string] = [403, 'not-a-member', 'you are no longer a member of location loc-1'];

describe('reading a wallet', () => {
  const read = (row: FactsRow, owner: WalletOwner, actor: { userId: string; isOperator: boolean }) => refusal(() => authorizeWalletReadOn(row, owner, actor));

  it('lets the owner, the members of its company, admins and operators read it', () => {
    expect(read(facts(), bobs, person('bob'))).toBeNull();
    expect(read(facts({ caller_in_company: true }), acmes, person('carol'))).toBeNull();
    expect(read(facts({ caller_role: 'admin' }), bobs, person('alice'))).toBeNull();
    expect(read(facts({ caller_role: null }), bobs, operator)).toBeNull();
  });

  it('answers strangers as if the location did not exist, and tells a removed member they left', () => {
    expect(read(null, bobs, person('mallory'))).toEqual(notThere);
    expect(read(facts({ caller_role: null }), bobs, person('mallory'))).toEqual(notThere);
    expect(read(facts({ caller_role: null, caller_left: true, owner_is_active: false }), bobs, person('bob'))).toEqual(leftIt);
    expect(read(null, bobs, operator)).toEqual(notThere);
  });

  it('refuses other members and company outsiders, whether or not the owner exists', () => {
    expect(read(facts(), bobs, person('carol'))).toEqual([403, 'forbidden', 'you can only see your own credits']);
    expect(read(facts({ owner_exists: false }), bobs, person('carol'))).toEqual([403, 'forbidden', 'you can only see your own credits']);
    expect(read(facts({ owner_exists: false }), acmes, person('dave'))).toEqual([403, 'forbidden', 'you can only see the credits of companies you belong to']);
  });

  it('is 404 for the wallet of someone who never was a member, as a grant to them is; removed members and archived companies stay readable', () => {
    const never = facts({ caller_role: 'admin', owner_exists: false, owner_is_active: false });
    expect(read(never, bobs, person('alice'))).toEqual([404, 'not-found', 'bob is not a member of location loc-1']);
    expect(refusal(() => grantAccess(bobs, person('alice')).authorize!(never))).toEqual(read(never, bobs, person('alice')));
    expect(read(never, acmes, operator)).toEqual([404, 'not-found', 'company acme does not exist']);
    expect(read(facts({ caller_role: 'admin', owner_is_active: false }), bobs, person('alice'))).toBeNull();
    expect(read(facts({ caller_role: 'admin', owner_is_active: false }), acmes, person('alice'))).toBeNull();
  });
});

describe('grants and deductions', () => {
  const alice = person('alice');
  const stages = (access: ReturnType<typeof grantAccess>, row: FactsRow) => ({
    authorize: refusal(() => access.authorize?.(row)),
    check: refusal(() => access.check?.(row)),
  });

  it('authorizes admins and operators only: strangers, removed members and members are refused before the key is looked at', () => {
    for (const access of [grantAccess(bobs, alice), deductionAccess(bobs, alice)]) {
      expect(refusal(() => access.authorize!(facts({ caller_role: 'admin' })))).toBeNull();
      expect(refusal(() => access.authorize!(null))).toEqual(notThere);
      expect(refusal(() => access.authorize!(facts({ caller_role: null })))).toEqual(notThere);
      expect(refusal(() => access.authorize!(facts({ caller_role: null, caller_left: true })))).toEqual(leftIt);
      expect(refusal(() => access.authorize!(facts({ caller_role: 'member' })))).toEqual([403, 'forbidden', 'only location admins can give or deduct credits']);
      // A member learns nothing about which companies exist.
      expect(refusal(() => access.authorize!(facts({ caller_role: 'member', owner_exists: false })))).toEqual([403, 'forbidden', 'only location admins can give or deduct credits']);
    }
    expect(refusal(() => grantAccess(bobs, operator).authorize!(facts({ caller_role: null })))).toBeNull();
  });

  it('grants only to active owners with credits on, checked after a stored answer', () => {
    const admin = { caller_role: 'admin' } as const;
    expect(stages(grantAccess(bobs, alice), facts(admin))).toEqual({ authorize: null, check: null });
    expect(stages(grantAccess(bobs, alice), facts({ ...admin, owner_is_active: false }))).toEqual({
      authorize: null,
      check: [404, 'not-found', 'bob is not a member of location loc-1'],
    });
    expect(stages(grantAccess(acmes, alice), facts({ ...admin, owner_is_active: false }))).toEqual({
      authorize: null,
      check: [404, 'not-found', 'company acme is not an active company of location loc-1'],
    });
    expect(stages(grantAccess(bobs, alice), facts({ ...admin, credits_enabled: false }))).toEqual({
      authorize: null,
      check: [409, 'credits-disabled', 'credits are turned off for location loc-1'],
    });
  });

  it('deducts from removed members and archived companies, with credits off too', () => {
    const leftovers = facts({ caller_role: 'admin', owner_is_active: false, credits_enabled: false });
    expect(stages(deductionAccess(acmes, alice), leftovers)).toEqual({ authorize: null, check: null });
    expect(stages(deductionAccess(bobs, alice), leftovers)).toEqual({ authorize: null, check: null });
    expect(stages(deductionAccess(bobs, alice), facts({ caller_role: 'admin', owner_exists: false, owner_is_active: false }))).toEqual({
      authorize: [404, 'not-found', 'bob is not a member of location loc-1'],
      check: null,
    });
  });
});

describe('spends and holds by a service', () => {
  it('need credits on and an active owner', () => {
    expect(refusal(() => requireSpender(facts(), bobs))).toBeNull();
    expect(refusal(() => requireSpender(null, bobs))).toEqual(notThere);
    expect(refusal(() => requireSpender(facts({ credits_enabled: false }), bobs))?.[1]).toBe('credits-disabled');
    expect(refusal(() => requireSpender(facts({ owner_is_active: false }), acmes))).toEqual([
      409,
      'not-an-active-member',
      'company acme is not an active company of location loc-1',
    ]);
  });
});

describe('the liability report', () => {
  const report = (row: FactsRow, actor: { userId: string; isOperator: boolean }) => refusal(() => authorizeLiabilityReport(row, 'loc-1', actor));

  it('is for admins and operators; members are refused, a removed member is told they left, strangers learn nothing', () => {
    expect(report(facts({ caller_role: 'admin' }), person('alice'))).toBeNull();
    expect(report(facts({ caller_role: null }), operator)).toBeNull();
    expect(report(facts({ caller_role: 'member' }), person('bob'))).toEqual([403, 'forbidden', 'only location admins can see the liability report']);
    expect(report(facts({ caller_role: null, caller_left: true }), person('bob'))).toEqual(leftIt);
    expect(report(facts({ caller_role: null }), person('mallory'))).toEqual(notThere);
    expect(report(null, person('mallory'))).toEqual(notThere);
    expect(report(null, operator)).toEqual(notThere);
  });
});
