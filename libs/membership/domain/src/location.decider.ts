import type { MemberRole } from '@credits/contracts';
import { canAdministerLocation, type Caller, type LocationRole } from './location-access.policy';
import { lastAdminRefusal } from './location-admins.rule';
import { accept, conflict, forbidden, notFound, type ChangeMeta, type Decision } from './membership.decision';

export interface LocationSettings {
  readonly creditsEnabled: boolean;
  readonly discountAppliesToCredits: boolean;
}

/** Admins turn credits on or off and say whether plan discounts reduce credit prices (R2); unchanged settings are a repeat. */
export function decideSettingsChange(
  change: Partial<LocationSettings>,
  { caller, settings }: { readonly caller: Caller; readonly settings: LocationSettings },
  meta: ChangeMeta,
): Decision<LocationSettings> {
  if (!canAdministerLocation(caller)) return forbidden('only location admins can change settings');
  const next: LocationSettings = {
    creditsEnabled: change.creditsEnabled ?? settings.creditsEnabled,
    discountAppliesToCredits: change.discountAppliesToCredits ?? settings.discountAppliesToCredits,
  };
  if (next.creditsEnabled === settings.creditsEnabled && next.discountAppliesToCredits === settings.discountAppliesToCredits) return accept(settings);
  return accept(next, [{ type: 'LocationSettingsChanged', version: 1, data: { ...meta, ...next } }]);
}

/** A user's membership of the location; a removed member keeps theirs (their history stays auditable). */
export interface LocationMember {
  readonly role: LocationRole;
  readonly status: 'active' | 'removed';
}

export type MemberChange =
  | { readonly kind: 'add'; readonly role: MemberRole }
  | { readonly kind: 'change-role'; readonly role: MemberRole }
  | { readonly kind: 'remove' };

export interface MemberFacts {
  readonly caller: Caller;
  readonly userId: string;
  /** null: the user never was a member */
  readonly member: LocationMember | null;
  /** the location's active admins (R1: at least one stays) */
  readonly activeAdmins: number;
}

const WHAT: Record<MemberChange['kind'], string> = { add: 'add members', 'change-role': 'change roles', remove: 'remove members' };

/**
 * Admins add members, change their roles and remove them (R1). A removed member can be added again;
 * the last admin can be neither demoted nor removed. A change already made answers as the first did.
 */
export function decideMemberChange(change: MemberChange, { caller, userId, member, activeAdmins }: MemberFacts, meta: ChangeMeta): Decision<LocationMember> {
  if (!canAdministerLocation(caller)) return forbidden(`only location admins can ${WHAT[change.kind]}`);
  const data = { ...meta, userId };
  const active = member?.status === 'active' ? member : null;
  const lastAdmin = (current: LocationMember, nextRole: LocationRole | null) => {
    const refusal = lastAdminRefusal({ userId, role: current.role }, nextRole, activeAdmins);
    return refusal ? conflict<LocationMember>('last-admin', 'Last admin', refusal) : null;
  };
  switch (change.kind) {
    case 'add': {
      const next: LocationMember = { role: change.role, status: 'active' };
      if (!active) return accept(next, [{ type: 'MemberInvited', version: 1, data: { ...data, role: change.role } }]);
      // Another role is another request: the role is changed, not added again.
      if (active.role !== change.role) {
        return conflict('member-exists', 'Already a member', `${userId} is already a member of this location as ${active.role}; change the role instead`);
      }
      return accept(active);
    }
    case 'change-role': {
      if (!active) return notFound(`${userId} is not a member of this location`);
      if (active.role === change.role) return accept(active);
      return lastAdmin(active, change.role) ?? accept({ ...active, role: change.role }, [{ type: 'MemberRoleChanged', version: 1, data: { ...data, role: change.role } }]);
    }
    case 'remove': {
      if (!member) return notFound(`${userId} is not a member of this location`);
      if (!active) return accept(member);
      return lastAdmin(active, null) ?? accept({ ...active, status: 'removed' }, [{ type: 'MemberRemoved', version: 1, data }]);
    }
    default: {
      const unknownChange: never = change;
      throw new Error(`unknown member change ${JSON.stringify(unknownChange)}`);
    }
  }
}
