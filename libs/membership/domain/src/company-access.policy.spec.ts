import { canAdministerCompanies, canManageCompany, canManagePlans, canViewCompany, holderProblem, mayUseCorporateCard } from './company-access.policy';
import type { Caller } from './location-access.policy';

const caller = (role: Caller['role'], isOperator = false): Caller => ({ userId: 'u1', role, isOperator });

describe('company and plan access policy', () => {
  it('lets admins and the company’s own managers manage it, not its members or other companies’ managers', () => {
    expect(canManageCompany(caller('admin'), null)).toBe(true);
    expect(canManageCompany(caller('member'), 'manager')).toBe(true);
    expect(canManageCompany(caller('member'), 'member')).toBe(false);
    // a manager of company A has no role in company B
    expect(canManageCompany(caller('member'), null)).toBe(false);
    // removed from the location: the company role no longer counts
    expect(canManageCompany(caller(null), 'manager')).toBe(false);
  });

  it('shows a company to its members and admins only', () => {
    expect(canViewCompany(caller('member'), 'member')).toBe(true);
    expect(canViewCompany(caller('member'), null)).toBe(false);
    expect(canViewCompany(caller('admin'), null)).toBe(true);
    expect(canViewCompany(caller(null, true), null)).toBe(true);
  });

  it('lets managers, and members a manager allowed, pay with the company credits', () => {
    expect(mayUseCorporateCard(true, false)).toBe(true);
    expect(mayUseCorporateCard(false, true)).toBe(true);
    expect(mayUseCorporateCard(false, false)).toBe(false);
  });

  it('keeps creating companies, appointing managers and plans to admins', () => {
    expect(canAdministerCompanies(caller('admin'))).toBe(true);
    expect(canAdministerCompanies(caller('member'))).toBe(false);
    expect(canManagePlans(caller('admin'))).toBe(true);
    expect(canManagePlans(caller('member'))).toBe(false);
  });

  it('assigns plans only to active members and active companies', () => {
    expect(holderProblem({ type: 'user', activeMember: true })).toBeNull();
    expect(holderProblem({ type: 'user', activeMember: false })).toMatch(/not an active member/);
    expect(holderProblem({ type: 'company', active: true })).toBeNull();
    expect(holderProblem({ type: 'company', active: false })).toMatch(/not an active company/);
  });
});
