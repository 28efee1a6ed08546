import type { CompanyResponse } from '@credits/contracts/http';
import { canAdministerCompanies } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { insertCompany } from '../shared/company.store';
import { inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export class CreateCompanyCommand {
  constructor(readonly actor: RequestActor, readonly locationId: string, readonly name: string, readonly now: Date) {}
}

export type CreateCompanyResult = Outcome<CompanyResponse>;

/** A company and, through CompanyCreated, its wallet in the ledger. */
@CommandHandler(CreateCompanyCommand)
export class CreateCompanyHandler implements ICommandHandler<CreateCompanyCommand, CreateCompanyResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, name, now }: CreateCompanyCommand): Promise<CreateCompanyResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, meta }) => {
      if (!canAdministerCompanies(caller)) throw Problems.forbidden('only location admins can create companies');
      const companyId = randomUUID();
      await insertCompany(client, locationId, { companyId, name }, now);
      return {
        result: { id: companyId, locationId, name, status: 'active', members: [] },
        events: [{ type: 'CompanyCreated', version: 1, data: { ...meta, companyId, name } }],
      };
    });
  }
}
