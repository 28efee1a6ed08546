import { canAdministerLocation, type Caller } from './location-access.policy';

/** The caller's place in one company: null when they are not an active member of it. */
export type CompanyRole = 'member' | 'manager' | null;

/** Seeing a company and its members: location admins, and that company's members and managers. */
export function canViewCompany(caller: Caller, companyRole: CompanyRole): boolean {
  return canAdministerLocation(caller) || (caller.role !== null && companyRole !== null);
}

/** Renaming, adding and removing members, corporate-card permissions: admins, and managers of that company only. */
export function canManageCompany(caller: Caller, companyRole: CompanyRole): boolean {
  return canAdministerLocation(caller) || (caller.role !== null && companyRole === 'manager');
}

/** Paying with the company's credits (R11): its managers, and members a manager allowed to. */
export function mayUseCorporateCard(isManager: boolean, allowedByManager: boolean): boolean {
  return isManager || allowedByManager;
}

/** Creating and archiving companies and appointing or removing their managers: location admins. */
export function canAdministerCompanies(caller: Caller): boolean {
  return canAdministerLocation(caller);
}

/** Plans and assignments (create, edit, archive, assign, change, cancel): location admins. */
export function canManagePlans(caller: Caller): boolean {
  return canAdministerLocation(caller);
}

/** Who can hold a plan or join a company: active members of the location; only active companies. */
export type HolderFacts = { readonly type: 'user'; readonly activeMember: boolean } | { readonly type: 'company'; readonly active: boolean };

export function holderProblem(holder: HolderFacts): string | null {
  switch (holder.type) {
    case 'user':
      return holder.activeMember ? null : 'is not an active member of this location';
    case 'company':
      return holder.active ? null : 'is not an active company of this location';
    default: {
      const unknownHolder: never = holder;
      throw new Error(`unknown holder ${JSON.stringify(unknownHolder)}`);
    }
  }
}
