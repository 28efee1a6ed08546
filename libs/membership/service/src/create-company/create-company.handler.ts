import type { CompanyResponse } from '@credits/contracts/http';
import { canAdministerCompanies } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
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
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      if (!canAdministerCompanies(caller)) throw Problems.forbidden('only location admins can create companies');
      const companyId = randomUUID();
      await client.query(`INSERT INTO membership.companies (id, location_id, name, status, created_at) VALUES ($1, $2, $3, 'active', $4)`, [
        companyId,
        locationId,
        name,
        now,
      ]);
      return {
        result: { id: companyId, locationId, name, status: 'active', members: [] },
        events: [{ type: 'CompanyCreated', version: 1, data: { locationId, occurredAt: now.toISOString(), actor: by, companyId, name } }],
      };
    });
  }
}
