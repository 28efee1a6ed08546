import { canAdministerLocation, canViewLocation, canViewMember, type Caller } from './location-access.policy';

const caller = (role: Caller['role'], isOperator = false, userId = 'u1'): Caller => ({ userId, role, isOperator });

describe('location access policy', () => {
  it('lets admins and operators administer, not members or strangers', () => {
    expect(canAdministerLocation(caller('admin'))).toBe(true);
    expect(canAdministerLocation(caller(null, true))).toBe(true);
    expect(canAdministerLocation(caller('member'))).toBe(false);
    expect(canAdministerLocation(caller(null))).toBe(false);
  });

  it('lets members view the location but not strangers', () => {
    expect(canViewLocation(caller('member'))).toBe(true);
    expect(canViewLocation(caller(null))).toBe(false);
  });

  it('lets a member see only their own record', () => {
    expect(canViewMember(caller('member', false, 'u1'), 'u1')).toBe(true);
    expect(canViewMember(caller('member', false, 'u1'), 'u2')).toBe(false);
    expect(canViewMember(caller('admin', false, 'u1'), 'u2')).toBe(true);
    expect(canViewMember(caller(null, false, 'u1'), 'u1')).toBe(false);
  });
});
