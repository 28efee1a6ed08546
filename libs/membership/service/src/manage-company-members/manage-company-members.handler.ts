import type { MembershipEvent } from '@credits/contracts';
import type { CompanyResponse } from '@credits/contracts/http';
import { canAdministerCompanies, canManageCompany, holderProblem } from '@credits/membership-domain';
import { Problems, type RequestActor } from '@credits/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool, PoolClient } from 'pg';
import { isActiveMember, loadCompany, readCompany } from '../shared/company.query';
import { inLocation, type Outcome } from '../shared/membership-command';
import { MEMBERSHIP_POOL } from '../shared/membership.tokens';

export type CompanyMemberChange =
  | { readonly kind: 'add-member' }
  | { readonly kind: 'remove-member' }
  | { readonly kind: 'appoint-manager' }
  | { readonly kind: 'remove-manager' }
  | { readonly kind: 'corporate-card'; readonly allowed: boolean };

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

interface MembershipRow {
  active: boolean;
  is_manager: boolean;
  corporate_card: boolean;
}

/** The user's row in the company, active or not (a removed member keeps one); null when they never belonged. */
async function lockMembership(client: PoolClient, companyId: string, userId: string): Promise<MembershipRow | null> {
  const result = await client.query<MembershipRow>(
    `SELECT active, is_manager, corporate_card FROM membership.company_members WHERE company_id = $1 AND user_id = $2 FOR UPDATE`,
    [companyId, userId],
  );
  return result.rows[0] ?? null;
}

/**
 * Who belongs to a company. Managers of the company (and admins) add and remove members and grant
 * the corporate card (R11); only admins appoint and remove managers. Members must be active
 * members of the location.
 */
@CommandHandler(ManageCompanyMembersCommand)
export class ManageCompanyMembersHandler implements ICommandHandler<ManageCompanyMembersCommand, ManageCompanyMembersResult> {
  constructor(@Inject(MEMBERSHIP_POOL) private readonly pool: Pool) {}

  async execute({ actor, locationId, companyId, userId, change, now }: ManageCompanyMembersCommand): Promise<ManageCompanyMembersResult> {
    return inLocation(this.pool, locationId, actor, now, async ({ client, caller, actor: by }) => {
      const company = await loadCompany(client, locationId, companyId, caller.userId);
      const adminOnly = change.kind === 'appoint-manager' || change.kind === 'remove-manager';
      if (adminOnly ? !canAdministerCompanies(caller) : !canManageCompany(caller, company.callerRole)) {
        throw Problems.forbidden(adminOnly ? 'only location admins can appoint or remove managers' : 'only admins and the company’s managers can manage its members');
      }
      if (company.status === 'archived') throw Problems.conflict('company-archived', 'Company archived', `company ${companyId} is archived`);
      const base = { locationId, occurredAt: now.toISOString(), actor: by, companyId, userId };
      const row = await lockMembership(client, companyId, userId);
      const current = row?.active ? row : null;
      const events: MembershipEvent[] = [];
      const notInCompany = () => Problems.notFound(`${userId} is not a member of this company`);
      switch (change.kind) {
        case 'add-member':
        case 'appoint-manager': {
          if (!current) {
            const problem = holderProblem({ type: 'user', activeMember: await isActiveMember(client, locationId, userId) });
            if (problem) throw Problems.validation([{ field: 'userId', reason: `${userId} ${problem}` }]);
            await client.query(
              `INSERT INTO membership.company_members (company_id, user_id, active) VALUES ($1, $2, true)
               ON CONFLICT (company_id, user_id) DO UPDATE SET active = true, is_manager = false, corporate_card = false`,
              [companyId, userId],
            );
            events.push({ type: 'CompanyMemberAdded', version: 1, data: base });
          }
          // Adding a member already in it is a repeat (e.g. after 503 consistency-timeout): it answers as the first did.
          if (change.kind === 'appoint-manager' && !current?.is_manager) {
            await client.query(`UPDATE membership.company_members SET is_manager = true WHERE company_id = $1 AND user_id = $2`, [companyId, userId]);
            events.push({ type: 'CompanyManagerAppointed', version: 1, data: base });
          }
          break;
        }
        case 'remove-member':
          // Removing a removed member is a repeat: it answers as the first removal did.
          if (!current && row) break;
          if (!current) throw notInCompany();
          await client.query(
            `UPDATE membership.company_members SET active = false, is_manager = false, corporate_card = false WHERE company_id = $1 AND user_id = $2`,
            [companyId, userId],
          );
          events.push({ type: 'CompanyMemberRemoved', version: 1, data: base });
          break;
        case 'remove-manager':
          // A member who is no manager (any more) stays so: a repeat answers as the first did.
          if (current && !current.is_manager) break;
          if (!current) throw Problems.notFound(`${userId} is not a member of this company`);
          await client.query(`UPDATE membership.company_members SET is_manager = false WHERE company_id = $1 AND user_id = $2`, [companyId, userId]);
          events.push({ type: 'CompanyManagerRemoved', version: 1, data: base });
          break;
        case 'corporate-card':
          if (!current) throw notInCompany();
          if (current.corporate_card !== change.allowed) {
            await client.query(`UPDATE membership.company_members SET corporate_card = $3 WHERE company_id = $1 AND user_id = $2`, [companyId, userId, change.allowed]);
            events.push({ type: 'CorporateCardPermissionChanged', version: 1, data: { ...base, allowed: change.allowed } });
          }
          break;
        default: {
          const unknownChange: never = change;
          throw new Error(`unknown company member change ${JSON.stringify(unknownChange)}`);
        }
      }
      return { result: await readCompany(client, companyId), events };
    });
  }
}
