import type { MembershipEvent } from '@credits/contracts';
import type { CompanyResponse } from '@credits/contracts/http';
import { canAdministerCompanies, canManageCompany } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { cancelAssignment, currentPeriodOfHolder } from '../plan-periods/assignment-lifecycle';
import { loadCompany, readCompany } from '../shared/company.query';
import { inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export type CompanyChange = { readonly kind: 'rename'; readonly name: string } | { readonly kind: 'archive' };

export class ChangeCompanyCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly companyId: string, readonly change: CompanyChange, readonly now: Date) {}
}

export type ChangeCompanyResult = Outcome<CompanyResponse>;

/** Rename (admins and the company's managers) or archive (admins: its plan ends now, its history stays). */
@CommandHandler(ChangeCompanyCommand)
export class ChangeCompanyHandler implements ICommandHandler<ChangeCompanyCommand, ChangeCompanyResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, companyId, change, now }: ChangeCompanyCommand): Promise<ChangeCompanyResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      const company = await loadCompany(client, locationId, companyId, caller.userId);
      if (company.status === 'archived') {
        // Archiving again is a repeat (e.g. after 503 consistency-timeout), by whoever may archive: nothing more happens.
        if (change.kind === 'archive' && canAdministerCompanies(caller)) return { result: await readCompany(client, companyId), events: [] };
        throw Problems.conflict('company-archived', 'Company archived', `company ${companyId} is archived`);
      }
      const base = { locationId, occurredAt: now.toISOString(), actor: by, companyId };
      const events: MembershipEvent[] = [];
      switch (change.kind) {
        case 'rename':
          if (!canManageCompany(caller, company.callerRole)) throw Problems.forbidden('only admins and the company’s managers can rename it');
          await client.query(`UPDATE membership.companies SET name = $2 WHERE id = $1`, [companyId, change.name]);
          events.push({ type: 'CompanyRenamed', version: 1, data: { ...base, name: change.name } });
          break;
        case 'archive': {
          if (!canAdministerCompanies(caller)) throw Problems.forbidden('only location admins can archive companies');
          await client.query(`UPDATE membership.companies SET status = 'archived' WHERE id = $1`, [companyId]);
          const period = await currentPeriodOfHolder(client, locationId, { type: 'company', id: companyId });
          if (period) events.push(...(await cancelAssignment(client, period, 'now', now, by)));
          events.push({ type: 'CompanyArchived', version: 1, data: base });
          break;
        }
        default: {
          const unknownChange: never = change;
          throw new Error(`unknown company change ${JSON.stringify(unknownChange)}`);
        }
      }
      return { result: await readCompany(client, companyId), events };
    });
  }
}
