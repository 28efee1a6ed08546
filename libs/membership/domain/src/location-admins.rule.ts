import type { LocationRole } from './location-access.policy';

/**
 * A location always keeps at least one admin (R1): the last active admin can be neither demoted nor
 * removed, by anyone (an operator adds another admin first). `nextRole` null: the member is removed.
 * Returns why the change is refused, or null.
 */
export function lastAdminRefusal(member: { readonly userId: string; readonly role: LocationRole }, nextRole: LocationRole | null, activeAdmins: number): string | null {
  if (member.role !== 'admin' || nextRole === 'admin' || activeAdmins > 1) return null;
  const change = nextRole === null ? 'removed' : 'made a member';
  return `${member.userId} is the location's last admin and cannot be ${change}: make another member admin first`;
}
