import type { MembershipEvent } from '@credits/contracts';
import { decideMemberChange, decideSettingsChange, type MemberFacts } from './location.decider';
import { admin, data, decider, member, operator } from './testing/given-when-then.test-kit';

const settings = decider(decideSettingsChange);
const members = decider(decideMemberChange);
const off = { creditsEnabled: false, discountAppliesToCredits: false };
const facts = (overrides: Partial<MemberFacts> = {}): MemberFacts => ({ caller: admin, userId: 'bob', member: null, activeAdmins: 1, ...overrides });
const activeAdmin = { role: 'admin', status: 'active' } as const;
const activeMember = { role: 'member', status: 'active' } as const;
const removed = { role: 'member', status: 'removed' } as const;

describe('location settings', () => {
  it('lets admins and operators change what they name and keep the rest', () => {
    expect(settings.given({ caller: admin, settings: off }).when({ creditsEnabled: true }).then([
      { type: 'LocationSettingsChanged', version: 1, data: data({ creditsEnabled: true, discountAppliesToCredits: false }) },
    ])).toEqual({ creditsEnabled: true, discountAppliesToCredits: false });
    settings.given({ caller: operator, settings: off }).when({ discountAppliesToCredits: true }).then([
      { type: 'LocationSettingsChanged', version: 1, data: data({ creditsEnabled: false, discountAppliesToCredits: true }) },
    ]);
  });

  it('records nothing when the settings already are so', () => {
    expect(settings.given({ caller: admin, settings: off }).when({ creditsEnabled: false }).then([])).toEqual(off);
  });

  it('refuses members', () => {
    settings.given({ caller: member, settings: off }).when({ creditsEnabled: true }).then({ type: 'forbidden', detail: 'only location admins can change settings' });
  });
});

describe('location members', () => {
  it('adds a user, and a removed member again', () => {
    const invited: MembershipEvent[] = [{ type: 'MemberInvited', version: 1, data: data({ userId: 'bob', role: 'member' }) }];
    expect(members.given(facts()).when({ kind: 'add', role: 'member' }).then(invited)).toEqual(activeMember);
    expect(members.given(facts({ member: removed })).when({ kind: 'add', role: 'member' }).then(invited)).toEqual(activeMember);
  });

  it('answers adding a member again as the first time, but refuses it with another role', () => {
    expect(members.given(facts({ member: activeMember })).when({ kind: 'add', role: 'member' }).then([])).toEqual(activeMember);
    members.given(facts({ member: activeMember })).when({ kind: 'add', role: 'admin' }).then({ type: 'conflict', code: 'member-exists' });
  });

  it('changes roles of active members; the same role is a repeat', () => {
    expect(members.given(facts({ member: activeMember })).when({ kind: 'change-role', role: 'admin' }).then([
      { type: 'MemberRoleChanged', version: 1, data: data({ userId: 'bob', role: 'admin' }) },
    ])).toEqual(activeAdmin);
    members.given(facts({ member: activeMember })).when({ kind: 'change-role', role: 'member' }).then([]);
    members.given(facts({ member: removed })).when({ kind: 'change-role', role: 'admin' }).then({ type: 'not-found', detail: 'bob is not a member of this location' });
  });

  it('removes a member; removing again is a repeat; who never belonged is 404', () => {
    expect(members.given(facts({ member: activeMember })).when({ kind: 'remove' }).then([{ type: 'MemberRemoved', version: 1, data: data({ userId: 'bob' }) }])).toEqual(removed);
    expect(members.given(facts({ member: removed })).when({ kind: 'remove' }).then([])).toEqual(removed);
    members.given(facts()).when({ kind: 'remove' }).then({ type: 'not-found' });
  });

  it('keeps the last admin (R1), and lets one go while another stays', () => {
    members.given(facts({ member: activeAdmin })).when({ kind: 'remove' }).then({ type: 'conflict', code: 'last-admin', title: 'Last admin' });
    members.given(facts({ member: activeAdmin })).when({ kind: 'change-role', role: 'member' }).then({ type: 'conflict', code: 'last-admin' });
    members.given(facts({ member: activeAdmin, activeAdmins: 2 })).when({ kind: 'remove' }).then([{ type: 'MemberRemoved', version: 1, data: data({ userId: 'bob' }) }]);
  });

  it('leaves members to admins and operators', () => {
    members.given(facts({ caller: member })).when({ kind: 'add', role: 'member' }).then({ type: 'forbidden', detail: 'only location admins can add members' });
    members.given(facts({ caller: member, member: activeMember })).when({ kind: 'remove' }).then({ type: 'forbidden', detail: 'only location admins can remove members' });
    members.given(facts({ caller: member, member: activeMember })).when({ kind: 'change-role', role: 'admin' }).then({ type: 'forbidden', detail: 'only location admins can change roles' });
    members.given(facts({ caller: operator, member: activeMember })).when({ kind: 'remove' }).then([{ type: 'MemberRemoved', version: 1, data: data({ userId: 'bob' }) }]);
  });
});
