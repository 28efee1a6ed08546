/**
 * Who may do what inside a location (R1). Pure: the caller passes the facts it knows.
 */
export type LocationRole = 'member' | 'admin';

export interface Caller {
  readonly userId: string;
  readonly isOperator: boolean;
  /** The caller's active role in the location, or null when they are not an active member. */
  readonly role: LocationRole | null;
}

/** Location administration: its admins, and platform operators. */
export function canAdministerLocation(caller: Caller): boolean {
  return caller.isOperator || caller.role === 'admin';
}

/** Reading a location's public facts: any active member, admins and operators. */
export function canViewLocation(caller: Caller): boolean {
  return caller.isOperator || caller.role !== null;
}

/** A member's record: the member themself, and whoever administers the location. */
export function canViewMember(caller: Caller, memberUserId: string): boolean {
  return canAdministerLocation(caller) || (caller.role !== null && caller.userId === memberUserId);
}
