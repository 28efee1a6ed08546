/**
 * A small front-end program written against the client generated from `/docs-json`
 * (openapi-typescript types + openapi-fetch). The typed-client test compiles it with strict
 * TypeScript and runs it against the system: every route group, through the generated types only.
 * It is text, not a module of this repository, because `./api` exists only once generated.
 */
export const TYPED_CLIENT_PROGRAM = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api';

type Problem = components['schemas']['ProblemResponse'];

export interface Callers {
  readonly operatorToken: string;
  readonly adminId: string;
  readonly adminToken: string;
  readonly memberId: string;
  readonly memberToken: string;
}

function ok<T>(result: { data?: T; error?: Problem; response: Response }, operation: string): T {
  if (result.data === undefined) throw new Error(operation + ': ' + result.response.status + ' ' + JSON.stringify(result.error));
  return result.data;
}

function refused(result: { error?: Problem; response: Response }, operation: string): Problem {
  if (result.error === undefined) throw new Error(operation + ' was not refused: ' + result.response.status);
  return result.error;
}

export async function run(baseUrl: string, callers: Callers) {
  const as = (token: string) => createClient<paths>({ baseUrl, headers: { authorization: 'Bearer ' + token } });
  const [operator, admin, member] = [as(callers.operatorToken), as(callers.adminToken), as(callers.memberToken)];

  // locations, members, settings
  const location = ok(await operator.POST('/v1/locations', { body: { name: 'Typed client', currency: 'EUR', timezone: 'Europe/Berlin' } }), 'createLocation');
  const inLocation = { path: { locationId: location.id } };
  ok(await operator.POST('/v1/locations/{locationId}/members', { params: inLocation, body: { userId: callers.adminId, role: 'admin' } }), 'addMember');
  ok(await admin.POST('/v1/locations/{locationId}/members', { params: inLocation, body: { userId: callers.memberId, role: 'member' } }), 'addMember');
  const settings = ok(await admin.PATCH('/v1/locations/{locationId}/settings', { params: inLocation, body: { creditsEnabled: true } }), 'changeLocationSettings');
  const seenByMember = ok(await member.GET('/v1/locations/{locationId}', { params: inLocation }), 'getLocation');
  const members = ok(await admin.GET('/v1/locations/{locationId}/members', { params: inLocation }), 'listMembers');
  const memberPath = { path: { locationId: location.id, userId: callers.memberId } };
  const membership = ok(await member.GET('/v1/locations/{locationId}/members/{userId}', { params: memberPath }), 'getMember');

  // companies
  const company = ok(await admin.POST('/v1/locations/{locationId}/companies', { params: inLocation, body: { name: 'Acme' } }), 'createCompany');
  const inCompany = { path: { locationId: location.id, companyId: company.id } };
  ok(await admin.POST('/v1/locations/{locationId}/companies/{companyId}/members', { params: inCompany, body: { userId: callers.memberId } }), 'addCompanyMember');
  const companies = ok(await member.GET('/v1/locations/{locationId}/companies', { params: inLocation }), 'listCompanies');

  // plans
  const plan = ok(
    await admin.POST('/v1/locations/{locationId}/plans', {
      params: inLocation,
      body: {
        name: 'Flex',
        price: { amount: 9900, currency: 'EUR' },
        billingPeriod: { unit: 'month', count: 1 },
        allowance: '10.00',
        resourceDiscountPercent: 10,
        creditOptionDiscountPercent: 0,
        billPaymentEnabled: false,
        rollover: { mode: 'percent', percent: 50 },
      },
    }),
    'createPlan',
  );
  ok(await admin.POST('/v1/locations/{locationId}/plan-assignments', { params: inLocation, body: { holder: { type: 'user', id: callers.memberId }, planId: plan.id } }), 'assignPlan');
  const memberPlan = ok(await member.GET('/v1/locations/{locationId}/users/{userId}/plan', { params: memberPath }), 'getUserPlan');

  // credits of a member
  const beforeAnyGrant = new Date().toISOString();
  const withKey = (key: string) => ({ path: memberPath.path, header: { 'Idempotency-Key': key } });
  const grant = { amount: '20.00', kind: 'permanent', reason: 'Welcome' } as const;
  const granted = ok(await admin.POST('/v1/locations/{locationId}/users/{userId}/credits/grants', { params: withKey('typed-grant'), body: grant }), 'grantUserCredits');
  const replay = await admin.POST('/v1/locations/{locationId}/users/{userId}/credits/grants', { params: withKey('typed-grant'), body: grant });
  ok(await admin.POST('/v1/locations/{locationId}/users/{userId}/credits/deductions', { params: withKey('typed-deduction'), body: { amount: '5.00', kind: 'permanent', reason: 'Correction' } }), 'deductUserCredits');
  const shortfall = refused(
    await admin.POST('/v1/locations/{locationId}/users/{userId}/credits/deductions', { params: withKey('typed-too-much'), body: { amount: '1000.00', kind: 'any', reason: 'Too much' } }),
    'deductUserCredits',
  );
  const balance = ok(await member.GET('/v1/locations/{locationId}/users/{userId}/credits', { params: memberPath }), 'getUserCredits');
  const pastBalance = ok(
    await member.GET('/v1/locations/{locationId}/users/{userId}/credits', { params: { ...memberPath, query: { asOf: beforeAnyGrant } } }),
    'getUserCredits',
  );
  const history = ok(
    await member.GET('/v1/locations/{locationId}/users/{userId}/credits/transactions', { params: { ...memberPath, query: { limit: 10, type: 'CreditsGranted,CreditsDeducted' } } }),
    'listUserTransactions',
  );
  const sources = history.items.flatMap((item) => (item.type === 'CreditsGranted' ? [item.data.source] : []));

  // credits of a company
  const companyKey = (key: string) => ({ path: inCompany.path, header: { 'Idempotency-Key': key } });
  ok(await admin.POST('/v1/locations/{locationId}/companies/{companyId}/credits/grants', { params: companyKey('typed-company-grant'), body: { amount: '50.00', kind: 'expiring', expiresAt: '2099-01-01T00:00:00Z', reason: 'Corporate' } }), 'grantCompanyCredits');
  ok(await admin.POST('/v1/locations/{locationId}/companies/{companyId}/credits/deductions', { params: companyKey('typed-company-deduction'), body: { amount: '0.50', kind: 'expiring', reason: 'Fix' } }), 'deductCompanyCredits');
  const companyBalance = ok(await member.GET('/v1/locations/{locationId}/companies/{companyId}/credits', { params: inCompany }), 'getCompanyCredits');
  const companyHistory = ok(await member.GET('/v1/locations/{locationId}/companies/{companyId}/credits/transactions', { params: { ...inCompany, query: { limit: 1 } } }), 'listCompanyTransactions');

  // the caller
  const me = ok(await member.GET('/v1/me'), 'getMe');

  // reports
  const liability = ok(await admin.GET('/v1/locations/{locationId}/credits/liability', { params: inLocation }), 'getCreditLiability');
  const notForMembers = refused(await member.GET('/v1/locations/{locationId}/credits/liability', { params: inLocation }), 'getCreditLiability');
  // the report is of now: the generated types offer no asOf, and the API refuses one rather than ignore it
  const pastReport = await fetch(baseUrl + '/v1/locations/' + location.id + '/credits/liability?asOf=2026-01-01T00:00:00Z', { headers: { authorization: 'Bearer ' + callers.adminToken } });

  return {
    creditsEnabled: settings.creditsEnabled,
    locationSeenByMember: seenByMember.name,
    memberRoles: members.map((m) => m.userId + ':' + m.role).sort(),
    membershipStatus: membership.status,
    companiesOfMember: companies.map((c) => c.name),
    planAllowance: memberPlan.currentPeriod?.allowance ?? null,
    grantedBalance: granted.balance,
    replayed: replay.response.headers.get('idempotent-replayed'),
    shortfall: { type: shortfall.type, shortfall: shortfall.shortfall, correlationId: typeof shortfall.correlationId },
    pastBalance: pastBalance.balance,
    balance: { balance: balance.balance, permanent: balance.permanent, lots: balance.lots.map((lot) => lot.kind + ':' + lot.source + ':' + lot.remaining).sort() },
    historyTypes: history.items.map((item) => item.type),
    grantSources: sources.sort(),
    companyBalance: companyBalance.expiring,
    companyHistory: { items: companyHistory.items.length, hasMore: companyHistory.nextCursor !== null },
    liabilityOutstanding: liability.outstanding.credits,
    liabilityForMember: notForMembers.status,
    liabilityAsOf: pastReport.status + ' ' + ((await pastReport.json()) as Problem).errors?.map((e) => e.field).join(),
    me: me.locations.map((place) => place.name + ':' + place.role + ':' + place.companies.map((c) => c.name + (c.mayUseCorporateCard ? '+card' : '')).join()),
  };
}
`;

/** The compiled program, as the test loads it. */
export interface TypedClientProgram {
  run(baseUrl: string, callers: Record<'operatorToken' | 'adminId' | 'adminToken' | 'memberId' | 'memberToken', string>): Promise<unknown>;
}

/** Calls the generated types must refuse: each one alone must fail to compile. */
export const MISTYPED_CALLS: Readonly<Record<string, string>> = {
  'a path parameter left out': `client.GET('/v1/locations/{locationId}/users/{userId}/credits', { params: { path: { locationId: 'l' } } });`,
  'limit as a string': `client.GET('/v1/locations/{locationId}/users/{userId}/credits/transactions', { params: { path: { locationId: 'l', userId: 'u' }, query: { limit: '10' } } });`,
  'a kind outside the enum': `client.POST('/v1/locations/{locationId}/users/{userId}/credits/grants', { params: { path: { locationId: 'l', userId: 'u' }, header: { 'Idempotency-Key': 'k' } }, body: { amount: '1.00', kind: 'forever', reason: 'r' } });`,
  'no Idempotency-Key': `client.POST('/v1/locations/{locationId}/users/{userId}/credits/deductions', { params: { path: { locationId: 'l', userId: 'u' } }, body: { amount: '1.00', kind: 'any', reason: 'r' } });`,
  'a setting of the wrong type': `client.PATCH('/v1/locations/{locationId}/settings', { params: { path: { locationId: 'l' } }, body: { creditsEnabled: 'yes' } });`,
  'an unknown route': `client.GET('/v1/locations/{locationId}/wallets', { params: { path: { locationId: 'l' } } });`,
};

export const mistypedProgram = (call: string) => `
import createClient from 'openapi-fetch';
import type { paths } from './api';
const client = createClient<paths>({ baseUrl: 'http://localhost' });
void ${call}
`;
