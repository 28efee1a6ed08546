import type { CompanyResponse } from '@credits/contracts/http';
import { decideCompanyMemberChange, type CompanyMemberChange } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { loadCompany, lockCompanyMembership, readCompany, saveCompanyMembership } from '../shared/company.store';
import { isActiveMember } from '../shared/location.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ManageCompanyMembersCommand {
  constructor(
    readonly actor: RequestActor,
    readonly locationId: string,
    readonly companyId: string,
    readonly userId: string,
    readonly change: CompanyMemberChange,
    readonly now: Date,
  ) {}
}

export type ManageCompanyMembersResult = Outcome<CompanyResponse>;

/** Who belongs to a company, its managers and corporate cards (rules: decideCompanyMemberChange). */
@CommandHandler(ManageCompanyMembersCommand)
export class ManageCompanyMembersHandler implements ICommandHandler<ManageCompanyMembersCommand, ManageCompanyMembersResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, companyId, userId, change, now }: ManageCompanyMembersCommand): Promise<ManageCompanyMembersResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, meta }) => {
      const facts = {
        caller,
        company: await loadCompany(client, locationId, companyId, caller.userId),
        userId,
        membership: await lockCompanyMembership(client, companyId, userId),
        userIsLocationMember: await isActiveMember(client, locationId, userId),
      };
      const { state, events } = decided(decideCompanyMemberChange(change, facts, meta));
      if (events.length > 0) await saveCompanyMembership(client, companyId, userId, state);
      return { result: await readCompany(client, companyId), events };
    });
  }
}
