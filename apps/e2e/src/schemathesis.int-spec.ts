import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { planRequest } from './support/plan-request';
import { provisionSchemathesis, runSchemathesis } from './support/schemathesis';
import { apiClient, startSystemUnderTest, tokenFor, type SystemUnderTest } from './support/system-under-test';

const ROOT = join(__dirname, '..', '..', '..');
/** Server errors (ST101, ST102) and responses their documented schema rejects (ST108). */
const MUST_NOT_FAIL = ['ST101', 'ST102', 'ST108'];
// Bounded so both runs take a few minutes on two shared cores; the seed makes a failure reproducible.
const MAX_EXAMPLES = 25;
const SEED = 20261205;

/**
 * schemathesis (every check: examples, coverage, fuzzing and stateful phases) against the gateway
 * of the system as deployed, from the document at /docs-json, once as a platform operator and once
 * as a member of a location. Path ids mostly come from what the test created, so that requests
 * reach the services' logic rather than only their 404s.
 */
describe('schemathesis against the gateway', () => {
  let system: SystemUnderTest;
  let bin: string;
  let config: string;
  let locationPath: string;
  // the last run's reports and output stay here to be read (git-ignored)
  const workDir = join(ROOT, 'tmp', 'schemathesis');

  beforeAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    [bin, system] = await Promise.all([provisionSchemathesis(), startSystemUnderTest('schemathesis')]);
    const api = apiClient(system.gatewayUrl);
    const [operator, admin] = [tokenFor('st-operator', ['operator']), tokenFor('st-admin')];
    const created = async (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) => {
      const response = await api(method, path, { token, body, headers });
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body as { id: string };
    };
    const location = (await created('POST', '/v1/locations', operator, { name: 'Fuzzed', currency: 'EUR', timezone: 'Europe/Berlin' })).id;
    const L = `/v1/locations/${location}`;
    await created('POST', `${L}/members`, operator, { userId: 'st-admin', role: 'admin' });
    await created('POST', `${L}/members`, admin, { userId: 'st-member', role: 'member' });
    await created('PATCH', `${L}/settings`, admin, { creditsEnabled: true });
    const company = (await created('POST', `${L}/companies`, admin, { name: 'Fuzz GmbH' })).id;
    await created('POST', `${L}/companies/${company}/members`, admin, { userId: 'st-member' });
    const plan = (await created('POST', `${L}/plans`, admin, planRequest())).id;
    const assignment = (await created('POST', `${L}/plan-assignments`, admin, { holder: { type: 'user', id: 'st-member' }, planId: plan })).id;
    locationPath = L;
    const grant = { amount: '100.00', kind: 'permanent', reason: 'Fuzzing' };
    await created('POST', `${L}/users/st-member/credits/grants`, admin, grant, { 'idempotency-key': 'st-member-grant' });
    await created('POST', `${L}/companies/${company}/credits/grants`, admin, grant, { 'idempotency-key': 'st-company-grant' });

    const dictionary = (name: string, values: string[]) => `[dictionaries.${name}]\nvalues = ${JSON.stringify(values)}\n`;
    config = [
      dictionary('locations', [location]),
      dictionary('companies', [company]),
      dictionary('plans', [plan]),
      dictionary('assignments', [assignment]),
      dictionary('users', ['st-member', 'st-admin']),
      '[parameters]',
      ...[
        ['locationId', 'locations', 0.9],
        ['companyId', 'companies', 0.8],
        ['planId', 'plans', 0.8],
        ['assignmentId', 'assignments', 0.8],
        ['userId', 'users', 0.7],
      ].map(([parameter, name, probability]) => `"path.${parameter}" = { dictionary = "${name}", probability = ${probability} }`),
    ].join('\n');
  }, 900000);

  // What schemathesis found once, checked here whatever it draws: each was a 500.
  it('answers a balance asOf before the year 1000, and a plan price beyond any payment, with 400', async () => {
    const api = apiClient(system.gatewayUrl);
    const asOf = (instant: string) => api('GET', `${locationPath}/users/st-member/credits?asOf=${encodeURIComponent(instant)}`, { token: tokenFor('st-member') });
    const answers = await Promise.all([
      asOf('0859-11-20T03:50:14Z'),
      asOf('0271-05-18T20:42:49.29+18:46'),
      api('POST', `${locationPath}/plans`, { token: tokenFor('st-admin'), body: planRequest({ price: { amount: 88556600430404105096134656, currency: 'EUR' } }) }),
    ]);
    expect(answers.map((a) => [a.status, a.body.errors?.[0]?.field])).toEqual([
      [400, 'asOf'],
      [400, 'asOf'],
      [400, 'price.amount'],
    ]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it.each([
    ['operator', () => tokenFor('st-operator', ['operator'])],
    ['member', () => tokenFor('st-member')],
  ])(
    'finds no server error and no response outside its schema, testing every operation, as a %s',
    async (caller, token) => {
      const { report, outputFile } = await runSchemathesis({
        bin,
        baseUrl: system.gatewayUrl,
        token: token(),
        config,
        workDir,
        name: caller,
        maxExamples: MAX_EXAMPLES,
        seed: SEED,
      });
      const summary = report.failures.map((f) => `${f.code} ${f.title}: ${f.count} (${f.operations.join(', ')})`);
      // The other checks' findings, for whoever reads the test log (details with reproductions in the output file).
      process.stdout.write(`schemathesis as ${caller}: ${report.test_cases.generated} cases in ${Math.round(report.running_time)} s; see ${outputFile}\n${summary.join('\n')}\n`);

      expect(report.complete).toBe(true);
      expect(report.errors).toEqual([]);
      expect(report.operations).toMatchObject({ skipped: 0, errored: 0, skip_reasons: [] });
      // Every operation but the notification stream (it never ends, see support/schemathesis.ts).
      expect(report.operations.tested).toBe(report.operations.selected);
      expect(report.operations.selected).toBe(report.operations.total - 1);
      expect(report.operations.total).toBeGreaterThanOrEqual(39);
      expect(report.failures.filter((failure) => MUST_NOT_FAIL.includes(failure.code)).map((f) => `${f.code} ${f.title}: ${f.operations.join(', ')}`)).toEqual([]);
    },
    900000,
  );
});
