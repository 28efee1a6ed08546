import { decideCompanyChange, decideCompanyMemberChange, type CompanyMemberFacts, type CompanyState } from './company.decider';
import { admin, caller, data, decider, member, operator } from './testing/given-when-then.test-kit';

const acme: CompanyState = { companyId: 'acme', name: 'Acme', archived: false, callerRole: null };
const archived: CompanyState = { ...acme, archived: true };
const company = decider(decideCompanyChange);
const members = decider(decideCompanyMemberChange);
const ofAcme = { companyId: 'acme' };

/** Bob in Acme as the caller (an admin unless told otherwise) finds him. */
const facts = (overrides: Partial<CompanyMemberFacts> = {}): CompanyMemberFacts => ({
  caller: admin,
  company: acme,
  userId: 'bob',
  membership: null,
  userIsLocationMember: true,
  ...overrides,
});
const active = { active: true, isManager: false, corporateCard: false };
const left = { active: false, isManager: false, corporateCard: false };

describe('company changes', () => {
  it('renames for admins and the company’s own managers, not its members', () => {
    expect(company.given({ caller: admin, company: acme }).when({ kind: 'rename', name: 'Acme Ltd' }).then([
      { type: 'CompanyRenamed', version: 1, data: data({ ...ofAcme, name: 'Acme Ltd' }) },
    ])).toEqual({ ...acme, name: 'Acme Ltd' });
    company.given({ caller: member, company: { ...acme, callerRole: 'manager' } }).when({ kind: 'rename', name: 'X' }).then([
      { type: 'CompanyRenamed', version: 1, data: data({ ...ofAcme, name: 'X' }) },
    ]);
    company.given({ caller: member, company: { ...acme, callerRole: 'member' } }).when({ kind: 'rename', name: 'X' }).then({ type: 'forbidden' });
  });

  it('archives for admins and operators; archiving again is a repeat without events', () => {
    expect(company.given({ caller: operator, company: acme }).when({ kind: 'archive' }).then([{ type: 'CompanyArchived', version: 1, data: data(ofAcme) }])).toEqual(archived);
    expect(company.given({ caller: admin, company: archived }).when({ kind: 'archive' }).then([])).toEqual(archived);
  });

  it('authorizes first: a manager archiving an archived company gets 403, not the conflict', () => {
    const manager = { caller: member, company: { ...archived, callerRole: 'manager' as const } };
    company.given(manager).when({ kind: 'archive' }).then({ type: 'forbidden', detail: 'only location admins can archive companies' });
    company.given({ caller: member, company: archived }).when({ kind: 'rename', name: 'X' }).then({ type: 'forbidden' });
    company.given(manager).when({ kind: 'rename', name: 'X' }).then({ type: 'conflict', code: 'company-archived' });
  });
});

describe('company members', () => {
  it('adds an active member of the location, and again after they left (with no old roles)', () => {
    expect(members.given(facts()).when({ kind: 'add-member' }).then([{ type: 'CompanyMemberAdded', version: 1, data: data({ ...ofAcme, userId: 'bob' }) }])).toEqual(active);
    const returning = facts({ membership: { active: false, isManager: false, corporateCard: false } });
    expect(members.given(returning).when({ kind: 'add-member' }).then([{ type: 'CompanyMemberAdded', version: 1, data: data({ ...ofAcme, userId: 'bob' }) }])).toEqual(active);
  });

  it('refuses users who are no active members of the location, naming the field', () => {
    members.given(facts({ userIsLocationMember: false })).when({ kind: 'add-member' }).then({
      type: 'invalid',
      field: 'userId',
      reason: 'bob is not an active member of this location',
    });
  });

  it('answers a repeated add, appointment, removal or card change as the first, without events', () => {
    const manager = { active: true, isManager: true, corporateCard: true };
    expect(members.given(facts({ membership: active })).when({ kind: 'add-member' }).then([])).toEqual(active);
    expect(members.given(facts({ membership: manager })).when({ kind: 'appoint-manager' }).then([])).toEqual(manager);
    expect(members.given(facts({ membership: left })).when({ kind: 'remove-member' }).then([])).toEqual(left);
    expect(members.given(facts({ membership: active })).when({ kind: 'remove-manager' }).then([])).toEqual(active);
    expect(members.given(facts({ membership: manager })).when({ kind: 'corporate-card', allowed: true }).then([])).toEqual(manager);
  });

  it('appoints a non-member as manager by adding them first', () => {
    const bob = data({ ...ofAcme, userId: 'bob' });
    expect(members.given(facts()).when({ kind: 'appoint-manager' }).then([
      { type: 'CompanyMemberAdded', version: 1, data: bob },
      { type: 'CompanyManagerAppointed', version: 1, data: bob },
    ])).toEqual({ ...active, isManager: true });
  });

  it('removes a member with their manager role and card; 404 for who never belonged', () => {
    const manager = { active: true, isManager: true, corporateCard: true };
    expect(members.given(facts({ membership: manager })).when({ kind: 'remove-member' }).then([
      { type: 'CompanyMemberRemoved', version: 1, data: data({ ...ofAcme, userId: 'bob' }) },
    ])).toEqual(left);
    members.given(facts()).when({ kind: 'remove-member' }).then({ type: 'not-found', detail: 'bob is not a member of this company' });
    members.given(facts({ membership: left })).when({ kind: 'remove-manager' }).then({ type: 'not-found' });
    members.given(facts({ membership: left })).when({ kind: 'corporate-card', allowed: true }).then({ type: 'not-found' });
  });

  it('lets managers change the corporate card and members, but only admins the managers', () => {
    const asManager = facts({ caller: member, company: { ...acme, callerRole: 'manager' }, membership: active });
    expect(members.given(asManager).when({ kind: 'corporate-card', allowed: true }).then([
      { type: 'CorporateCardPermissionChanged', version: 1, data: data({ ...ofAcme, userId: 'bob', allowed: true }) },
    ])).toEqual({ ...active, corporateCard: true });
    members.given(asManager).when({ kind: 'appoint-manager' }).then({ type: 'forbidden', detail: 'only location admins can appoint or remove managers' });
    members.given({ ...asManager, company: { ...acme, callerRole: 'member' } }).when({ kind: 'add-member' }).then({ type: 'forbidden' });
    // a manager removed from the location no longer counts as one
    members.given({ ...asManager, caller: caller(null) }).when({ kind: 'add-member' }).then({ type: 'forbidden' });
  });

  it('changes nothing in an archived company, after the authorization', () => {
    members.given(facts({ company: archived, membership: active })).when({ kind: 'remove-member' }).then({ type: 'conflict', code: 'company-archived' });
    members.given(facts({ caller: member, company: archived })).when({ kind: 'add-member' }).then({ type: 'forbidden' });
  });

  it('removes a manager role and keeps the membership', () => {
    expect(members.given(facts({ membership: { ...active, isManager: true } })).when({ kind: 'remove-manager' }).then([
      { type: 'CompanyManagerRemoved', version: 1, data: data({ ...ofAcme, userId: 'bob' }) },
    ])).toEqual(active);
  });
});
