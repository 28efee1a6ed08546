import { runMigrations } from '@credits/platform/core';
import { createTestDatabase } from '@credits/test-infra';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { membershipMigrations } from '../migrations';
import { MEMBERSHIP_SCHEMA } from '../shared/membership.tokens';
import { readMe } from './me.store';

let pool: Pool;
const [mitte, kreuzberg, closed] = [randomUUID(), randomUUID(), randomUUID()];
const [acme, globex, initech, umbrella] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const user = (userId: string, isOperator = false) => ({ userId, isOperator });

beforeAll(async () => {
  const url = await createTestDatabase('view_me');
  await runMigrations(url, MEMBERSHIP_SCHEMA, membershipMigrations);
  pool = new Pool({ connectionString: url, max: 2 });
  await pool.query(
    `INSERT INTO membership.locations (id, name, currency, timezone, created_at)
     VALUES ($1, 'Mitte', 'EUR', 'Europe/Berlin', now()), ($2, 'Kreuzberg', 'EUR', 'Europe/Berlin', now()), ($3, 'Closed', 'EUR', 'Europe/Berlin', now())`,
    [mitte, kreuzberg, closed],
  );
  await pool.query(
    `INSERT INTO membership.members (location_id, user_id, role, status, joined_at, removed_at) VALUES
       ($1, 'auth0|bob', 'member', 'active', now(), NULL), ($2, 'auth0|bob', 'admin', 'active', now(), NULL),
       ($3, 'auth0|bob', 'member', 'removed', now(), now()), ($1, 'Auth0|Bob', 'member', 'active', now(), NULL)`,
    [mitte, kreuzberg, closed],
  );
  await pool.query(
    `INSERT INTO membership.companies (id, location_id, name, status, created_at) VALUES
       ($1, $5, 'Acme', 'archived', now()), ($2, $5, 'Globex', 'active', now()), ($3, $5, 'Initech', 'active', now()), ($4, $6, 'Umbrella', 'active', now())`,
    [acme, globex, initech, umbrella, mitte, kreuzberg],
  );
  await pool.query(
    `INSERT INTO membership.company_members (company_id, user_id, is_manager, corporate_card, active) VALUES
       ($1, 'auth0|bob', true, false, true), ($2, 'auth0|bob', false, true, true), ($3, 'auth0|bob', false, true, false), ($4, 'auth0|bob', false, false, true)`,
    [acme, globex, initech, umbrella],
  );
});

afterAll(async () => {
  await pool.end();
});

describe('GET /v1/me (membership query)', () => {
  it('lists the active memberships by location name, each with the caller’s companies there by name', async () => {
    expect(await readMe(pool, user('auth0|bob'))).toEqual({
      userId: 'auth0|bob',
      isOperator: false,
      locations: [
        {
          locationId: kreuzberg,
          name: 'Kreuzberg',
          role: 'admin',
          companies: [{ companyId: umbrella, name: 'Umbrella', status: 'active', isManager: false, mayUseCorporateCard: false }],
        },
        {
          locationId: mitte,
          name: 'Mitte',
          role: 'member',
          // Initech: bob left it; Acme: archived, still listed so its history stays reachable.
          companies: [
            { companyId: acme, name: 'Acme', status: 'archived', isManager: true, mayUseCorporateCard: true },
            { companyId: globex, name: 'Globex', status: 'active', isManager: false, mayUseCorporateCard: true },
          ],
        },
      ],
    });
  });

  it('compares user ids exactly and gives a stranger, operator or not, no locations', async () => {
    expect((await readMe(pool, user('Auth0|Bob'))).locations).toEqual([{ locationId: mitte, name: 'Mitte', role: 'member', companies: [] }]);
    expect(await readMe(pool, user('auth0|BOB'))).toEqual({ userId: 'auth0|BOB', isOperator: false, locations: [] });
    expect(await readMe(pool, user('op-1', true))).toEqual({ userId: 'op-1', isOperator: true, locations: [] });
  });
});
