import { lastAdminRefusal } from './location-admins.rule';

describe('a location keeps at least one admin', () => {
  const admin = { userId: 'alice', role: 'admin' } as const;
  const member = { userId: 'bob', role: 'member' } as const;

  it('refuses to demote or remove the last admin', () => {
    expect(lastAdminRefusal(admin, 'member', 1)).toMatch(/alice is the location's last admin and cannot be made a member/);
    expect(lastAdminRefusal(admin, null, 1)).toMatch(/cannot be removed/);
  });

  it('lets an admin go while another admin stays', () => {
    expect(lastAdminRefusal(admin, 'member', 2)).toBeNull();
    expect(lastAdminRefusal(admin, null, 2)).toBeNull();
  });

  it('never stands in the way of members or of keeping the admin role', () => {
    expect(lastAdminRefusal(member, null, 1)).toBeNull();
    expect(lastAdminRefusal(member, 'admin', 0)).toBeNull();
    expect(lastAdminRefusal(admin, 'admin', 1)).toBeNull();
  });
});
