import type { MembershipEvent } from '@credits/contracts';
import type { CompanyResponse } from '@credits/contracts/http';
import { decideCompanyChange, type CompanyChange } from '@credits/membership-domain';
import type { RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { cancelAssignment, currentPeriodOfHolder } from '../plan-periods/assignment-lifecycle';
import { loadCompany, readCompany, saveCompany } from '../shared/company.store';
import { decided, inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class ChangeCompanyCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly companyId: string, readonly change: CompanyChange, readonly now: Date) {}
}

export type ChangeCompanyResult = Outcome<CompanyResponse>;

/** Rename or archive (rules: decideCompanyChange); an archived company's plan ends now, its history stays. */
@CommandHandler(ChangeCompanyCommand)
export class ChangeCompanyHandler implements ICommandHandler<ChangeCompanyCommand, ChangeCompanyResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, companyId, change, now }: ChangeCompanyCommand): Promise<ChangeCompanyResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by, meta }) => {
      const company = await loadCompany(client, locationId, companyId, caller.userId);
      const { state, events } = decided(decideCompanyChange(change, { caller, company }, meta));
      if (events.length === 0) return { result: await readCompany(client, companyId), events };
      await saveCompany(client, state);
      const planEnded: MembershipEvent[] = [];
      if (state.archived && !company.archived) {
        const period = await currentPeriodOfHolder(client, locationId, { type: 'company', id: companyId });
        if (period) planEnded.push(...(await cancelAssignment(client, period, 'now', now, by)));
      }
      return { result: await readCompany(client, companyId), events: [...planEnded, ...events] };
    });
  }
}
