import type { MembershipEvent } from '@credits/contracts';
import { canAdministerCompanies, canManageCompany, holderProblem, type CompanyRole } from './company-access.policy';
import type { Caller } from './location-access.policy';
import { accept, conflict, forbidden, invalid, notFound, type ChangeMeta, type Decision } from './membership.decision';

/** A company as its changes need it, with the caller's place in it. */
export interface CompanyState {
  readonly companyId: string;
  readonly name: string;
  readonly archived: boolean;
  readonly callerRole: CompanyRole;
}

export interface CompanyFacts {
  readonly caller: Caller;
  readonly company: CompanyState;
}

export type CompanyChange = { readonly kind: 'rename'; readonly name: string } | { readonly kind: 'archive' };

const archivedConflict = <S>(company: CompanyState) => conflict<S>('company-archived', 'Company archived', `company ${company.companyId} is archived`);

/**
 * Rename (admins and the company's managers) or archive (admins). Authorization comes first, so a
 * caller who may not archive learns 403 whether or not the company is archived already.
 */
export function decideCompanyChange(change: CompanyChange, { caller, company }: CompanyFacts, meta: ChangeMeta): Decision<CompanyState> {
  const base = { ...meta, companyId: company.companyId };
  switch (change.kind) {
    case 'rename':
      if (!canManageCompany(caller, company.callerRole)) return forbidden('only admins and the company’s managers can rename it');
      if (company.archived) return archivedConflict(company);
      return accept({ ...company, name: change.name }, [{ type: 'CompanyRenamed', version: 1, data: { ...base, name: change.name } }]);
    case 'archive':
      if (!canAdministerCompanies(caller)) return forbidden('only location admins can archive companies');
      // Archiving again is a repeat (e.g. after 503 consistency-timeout): nothing more happens.
      if (company.archived) return accept(company);
      return accept({ ...company, archived: true }, [{ type: 'CompanyArchived', version: 1, data: base }]);
    default: {
      const unknownChange: never = change;
      throw new Error(`unknown company change ${JSON.stringify(unknownChange)}`);
    }
  }
}

/** A user's place in a company; a removed member keeps an inactive one. */
export interface CompanyMembership {
  readonly active: boolean;
  readonly isManager: boolean;
  readonly corporateCard: boolean;
}

export type CompanyMemberChange =
  | { readonly kind: 'add-member' }
  | { readonly kind: 'remove-member' }
  | { readonly kind: 'appoint-manager' }
  | { readonly kind: 'remove-manager' }
  | { readonly kind: 'corporate-card'; readonly allowed: boolean };

export interface CompanyMemberFacts extends CompanyFacts {
  readonly userId: string;
  /** the user's membership, active or not; null when they never belonged */
  readonly membership: CompanyMembership | null;
  /** whether the user is an active member of the location (who may join companies) */
  readonly userIsLocationMember: boolean;
}

const NO_MEMBERSHIP: CompanyMembership = { active: false, isManager: false, corporateCard: false };

/**
 * Who belongs to a company (R11). Managers of the company (and admins) add and remove members and
 * grant the corporate card; only admins appoint and remove managers. Members must be active members
 * of the location. A change already made is a repeat: it answers as the first did, without events.
 */
export function decideCompanyMemberChange(change: CompanyMemberChange, facts: CompanyMemberFacts, meta: ChangeMeta): Decision<CompanyMembership> {
  const { caller, company, userId } = facts;
  const adminOnly = change.kind === 'appoint-manager' || change.kind === 'remove-manager';
  if (adminOnly ? !canAdministerCompanies(caller) : !canManageCompany(caller, company.callerRole)) {
    return forbidden(adminOnly ? 'only location admins can appoint or remove managers' : 'only admins and the company’s managers can manage its members');
  }
  if (company.archived) return archivedConflict(company);
  const data = { ...meta, companyId: company.companyId, userId };
  const stored = facts.membership ?? NO_MEMBERSHIP;
  const current = stored.active ? stored : null;
  const notInCompany = () => notFound<CompanyMembership>(`${userId} is not a member of this company`);
  switch (change.kind) {
    case 'add-member':
    case 'appoint-manager': {
      let next = stored;
      const events: MembershipEvent[] = [];
      if (!current) {
        const problem = holderProblem({ type: 'user', activeMember: facts.userIsLocationMember });
        if (problem) return invalid('userId', `${userId} ${problem}`);
        next = { active: true, isManager: false, corporateCard: false };
        events.push({ type: 'CompanyMemberAdded', version: 1, data });
      }
      if (change.kind === 'appoint-manager' && !next.isManager) {
        next = { ...next, isManager: true };
        events.push({ type: 'CompanyManagerAppointed', version: 1, data });
      }
      return accept(next, events);
    }
    case 'remove-member':
      if (!current) return facts.membership ? accept(stored) : notInCompany();
      return accept(NO_MEMBERSHIP, [{ type: 'CompanyMemberRemoved', version: 1, data }]);
    case 'remove-manager':
      if (!current) return notInCompany();
      if (!current.isManager) return accept(current);
      return accept({ ...current, isManager: false }, [{ type: 'CompanyManagerRemoved', version: 1, data }]);
    case 'corporate-card':
      if (!current) return notInCompany();
      if (current.corporateCard === change.allowed) return accept(current);
      return accept({ ...current, corporateCard: change.allowed }, [{ type: 'CorporateCardPermissionChanged', version: 1, data: { ...data, allowed: change.allowed } }]);
    default: {
      const unknownChange: never = change;
      throw new Error(`unknown company member change ${JSON.stringify(unknownChange)}`);
    }
  }
}
