import { Topics, fromKafkaRecord, validateEventData } from '@credits/contracts';
import { planRequest } from './support/plan-request';
import { readTopicFromStart } from './support/raw-topic-reader';
import { apiClient, startSystemUnderTest, tokenFor, type SystemUnderTest } from './support/system-under-test';

const MEMBERSHIP_TYPES = [
  'LocationSettingsChanged',
  'MemberInvited',
  'MemberRoleChanged',
  'MemberRemoved',
  'CompanyCreated',
  'CompanyMemberAdded',
  'CompanyMemberRemoved',
  'CompanyManagerAppointed',
  'CorporateCardPermissionChanged',
  'PlanCreated',
  'PlanChanged',
  'PlanArchived',
  'PlanAssigned',
  'PlanAssignmentChanged',
  'PlanAssignmentCancelled',
  'PlanPeriodStarted',
  'PlanPeriodEnded',
];

/** The membership contract as outsiders see it: the event stream (read by a plain Kafka consumer) and the OpenAPI document. */
describe('membership contracts: events on the topic, OpenAPI', () => {
  let system: SystemUnderTest;
  let api: ReturnType<typeof apiClient>;
  const operator = tokenFor('op-1', ['operator']);
  const alice = tokenFor('alice');

  beforeAll(async () => {
    system = await startSystemUnderTest('e2e-contracts');
    api = apiClient(system.gatewayUrl);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('publishes every membership event type as a binary-mode CloudEvent keyed by location id, valid against its schema', async () => {
    const locationId = (await api('POST', '/v1/locations', { token: operator, body: { name: 'Kreuzberg', currency: 'EUR', timezone: 'Europe/Berlin' } })).body.id;
    const at = (path: string) => `/v1/locations/${locationId}${path}`;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await api(method, at(path), { token: alice, body });
      expect([method, path, response.status]).toEqual([method, path, expect.any(Number)]);
      expect(response.status).toBeLessThan(300);
      return response.body;
    };
    await api('POST', at('/members'), { token: operator, body: { userId: 'alice', role: 'admin' } });
    await call('PATCH', '/settings', { creditsEnabled: true });
    for (const userId of ['bob', 'carol']) await call('POST', '/members', { userId, role: 'member' });
    await call('PATCH', '/members/bob', { role: 'admin' });
    const company = (await call('POST', '/companies', { name: 'Acme' })).id;
    await call('PUT', `/companies/${company}/managers/bob`);
    await call('POST', `/companies/${company}/members`, { userId: 'carol' });
    await call('PUT', `/companies/${company}/members/carol/corporate-card`, { allowed: true });
    await call('DELETE', `/companies/${company}/members/carol`);
    const flex = (await call('POST', '/plans', planRequest())).id;
    const fix = (await call('POST', '/plans', planRequest({ name: 'Fix', allowance: '40.00' }))).id;
    await call('PATCH', `/plans/${flex}`, { allowance: '25.00' });
    const assignment = (await call('POST', '/plan-assignments', { holder: { type: 'company', id: company }, planId: flex })).id;
    await call('POST', `/plan-assignments/${assignment}/change`, { planId: fix, effective: 'now' });
    await call('POST', `/plan-assignments/${assignment}/cancel`, { effective: 'now' });
    await call('POST', `/plans/${flex}/archive`);
    await call('DELETE', '/members/carol');

    const topic = `${system.namespace}${Topics.membership}`;
    const typeOf = (ceType: string) => /^credits\.([A-Za-z]+)\.v1$/.exec(ceType)?.[1];
    const seen = await readTopicFromStart(topic, (messages) => MEMBERSHIP_TYPES.every((type) => messages.some((m) => typeOf(m.headers.ce_type) === type)));
    const ours = seen.filter((message) => message.key === locationId);
    expect([...new Set(ours.map((m) => typeOf(m.headers.ce_type)))]).toEqual(expect.arrayContaining(MEMBERSHIP_TYPES));
    for (const message of ours) {
      const type = typeOf(message.headers.ce_type)!;
      expect(message.headers).toMatchObject({ ce_specversion: '1.0', ce_source: '/credits/membership', ce_subject: locationId, ce_id: expect.any(String) });
      const data = JSON.parse(message.value);
      expect([type, validateEventData(type, 1, data)]).toEqual([type, []]);
      expect(data.locationId).toBe(locationId);
      expect(fromKafkaRecord(message).type).toBe(type);
    }
    const only = (type: string) => ours.filter((m) => typeOf(m.headers.ce_type) === type).map((m) => JSON.parse(m.value));
    expect(only('PlanChanged')).toEqual([expect.objectContaining({ planId: flex, allowance: 2500 })]);
    expect(only('PlanAssignmentChanged')).toEqual([expect.objectContaining({ fromPlanId: flex, toPlanId: fix, effective: 'now' })]);
    // assign (Flex), change now (ends Flex, starts Fix), cancel now (ends Fix)
    expect(only('PlanPeriodStarted').map((d) => [d.planId, d.allowance])).toEqual([
      [flex, 2500],
      [fix, 4000],
    ]);
    expect(only('PlanPeriodEnded').map((d) => d.planId)).toEqual([flex, fix]);
  });

  it('documents the membership endpoints with their request schemas in /docs-json', async () => {
    const docs = (await api('GET', '/docs-json')).body;
    const requestSchema = (path: string, method: string) => docs.paths[path]?.[method]?.requestBody?.content['application/json'].schema.$ref;
    const L = '/v1/locations/{locationId}';
    const C = `${L}/companies/{companyId}`;
    expect([
      requestSchema(`${L}/members/{userId}`, 'patch'),
      requestSchema(`${L}/companies`, 'post'),
      requestSchema(C, 'patch'),
      requestSchema(`${C}/members`, 'post'),
      requestSchema(`${C}/members/{userId}/corporate-card`, 'put'),
      requestSchema(`${C}/credits/grants`, 'post'),
      requestSchema(`${C}/credits/deductions`, 'post'),
      requestSchema(`${L}/plans`, 'post'),
      requestSchema(`${L}/plans/{planId}`, 'patch'),
      requestSchema(`${L}/plan-assignments`, 'post'),
      requestSchema(`${L}/plan-assignments/{assignmentId}/change`, 'post'),
      requestSchema(`${L}/plan-assignments/{assignmentId}/cancel`, 'post'),
    ]).toEqual(
      [
        'ChangeMemberRoleRequest',
        'CompanyNameRequest',
        'CompanyNameRequest',
        'AddCompanyMemberRequest',
        'CorporateCardRequest',
        'GrantCreditsRequest',
        'DeductCreditsRequest',
        'CreatePlanRequest',
        'UpdatePlanRequest',
        'AssignPlanRequest',
        'ChangeAssignmentRequest',
        'CancelAssignmentRequest',
      ].map((name) => `#/components/schemas/${name}`),
    );
    for (const [path, method] of [
      [`${L}/members/{userId}`, 'delete'],
      [`${C}/archive`, 'post'],
      [`${C}/members/{userId}`, 'delete'],
      [`${C}/managers/{userId}`, 'put'],
      [`${C}/managers/{userId}`, 'delete'],
      [`${C}/plan`, 'get'],
      [`${C}/credits`, 'get'],
      [`${C}/credits/transactions`, 'get'],
      [`${L}/plans/{planId}/archive`, 'post'],
      [`${L}/users/{userId}/plan`, 'get'],
    ]) {
      expect([path, method, docs.paths[path]?.[method] !== undefined]).toEqual([path, method, true]);
    }
    const schemas = docs.components.schemas;
    expect(schemas.CreatePlanRequest.required).toEqual(
      expect.arrayContaining(['name', 'price', 'billingPeriod', 'allowance', 'resourceDiscountPercent', 'creditOptionDiscountPercent', 'billPaymentEnabled']),
    );
    expect(schemas.BillingPeriodDto.properties.unit.enum).toEqual(['day', 'week', 'month']);
    expect(schemas.RolloverDto.properties.mode.enum).toEqual(['none', 'credits', 'percent']);
    expect(schemas.AssignPlanRequest.required).toEqual(expect.arrayContaining(['holder', 'planId']));
    expect(schemas.ChangeAssignmentRequest.properties.effective.enum).toEqual(['next-period', 'now']);
    expect(schemas.CancelAssignmentRequest.properties.effective.enum).toEqual(['period-end', 'now']);
    expect(schemas.CorporateCardRequest.required).toEqual(['allowed']);
  });
});
