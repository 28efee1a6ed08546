import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { exampleOf, operationsOf, schemaNamed, schemasIn, type OpenApiDocument, type Schema } from './support/openapi-document';
import { startSystemUnderTest, tokenFor, type SystemUnderTest } from './support/system-under-test';
import { MISTYPED_CALLS, mistypedProgram, TYPED_CLIENT_PROGRAM, type TypedClientProgram } from './support/typed-client-program';

const ROOT = join(__dirname, '..', '..', '..');
const PROBLEM = '#/components/schemas/ProblemResponse';
const isInstant = (name: string) => /At$/.test(name) || name === 'asOf';

// Both tools run in Node processes of their own, as a front-end build runs them: their
// dependencies are ES modules, which Jest cannot load.
const run = (args: string[]) => promisify(execFile)(process.execPath, args, { cwd: ROOT });

/** @apidevtools/swagger-parser: the OpenAPI 3.1 schema, and its rules (unique operation ids, declared path parameters). */
async function validateOpenApi(file: string): Promise<string> {
  const script = `require('@apidevtools/swagger-parser').validate(process.argv[1]).then(() => console.log('valid'), (error) => console.log(error.message))`;
  return (await run(['-e', script, file])).stdout.trim();
}

/** The openapi-typescript CLI: `paths`, `components` and `operations` types for openapi-fetch. */
async function generateTypes(file: string, out: string): Promise<void> {
  await run([join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), file, '--output', out]);
}

/**
 * `tsc` with strict options, as a front-end project compiles the generated client (to Node's
 * CommonJS, so that the test can run it); the compiler errors, one per line. A process of its own
 * also keeps this one's event loop free while it compiles.
 */
async function compile(files: string[], outDir: string): Promise<string[]> {
  const options = ['--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', '--types', 'node', '--skipLibCheck', '--noEmitOnError', '--outDir', outDir];
  const outcome = await run([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ...options, ...files]).catch((error: { stdout: string }) => error);
  return outcome.stdout.split('\n').filter((line) => / error TS\d+:/.test(line));
}

describe('OpenAPI document and the client generated from it', () => {
  let system: SystemUnderTest;
  let document: OpenApiDocument;
  // the generated client and the programs that use it live under tmp/ (git-ignored) so `openapi-fetch` resolves
  const workDir = join(ROOT, 'tmp', `typed-client-${process.pid}`);
  const documentFile = join(workDir, 'openapi.json');

  beforeAll(async () => {
    system = await startSystemUnderTest('openapi-client');
    document = (await (await fetch(`${system.gatewayUrl}/docs-json`)).json()) as OpenApiDocument;
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    writeFileSync(documentFile, JSON.stringify(document));
  });

  afterAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    await system?.stop();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    expect(await validateOpenApi(documentFile)).toBe('valid');
  });

  it('names every operation once, in camelCase, and declares every path parameter', () => {
    const operations = operationsOf(document);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[a-z][A-Za-z]+$/.test(id))).toEqual([]);
    const undeclared = operations.flatMap(({ method, path, operation }) =>
      [...path.matchAll(/\{(\w+)\}/g)]
        .map(([, name]) => name)
        .filter((name) => !operation.parameters?.some((p) => p.in === 'path' && p.name === name && p.required && p.schema))
        .map((name) => `${method} ${path}: ${name}`),
    );
    expect(undeclared).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['grantUserCredits', 'grantCompanyCredits', 'getUserCredits', 'getCompanyCredits', 'listUserTransactions', 'listCompanyTransactions']));
  });

  it('documents every error as problem+json, with the statuses each operation can answer', () => {
    const wrong: string[] = [];
    for (const { path, operation } of operationsOf(document)) {
      const statuses = Object.keys(operation.responses);
      // Stripe's webhook carries no bearer token (it is signed): no 401 there
      const expected = operation.security?.length ? ['401', '503'] : ['503'];
      if (path.includes('{')) expected.push('400', '403', '404');
      if (operation.requestBody) expected.push('400', '413', '415');
      if (operation.parameters?.some((p) => p.name === 'Idempotency-Key')) expected.push('409', '422');
      for (const status of expected) if (!statuses.includes(status)) wrong.push(`${operation.operationId}: no ${status}`);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        const content = operation.responses[status].content ?? {};
        if (Object.keys(content).join() !== 'application/problem+json' || content['application/problem+json'].schema.$ref !== PROBLEM) {
          wrong.push(`${operation.operationId}: ${status} is not a problem`);
        }
      }
    }
    expect(wrong).toEqual([]);
    const problem = schemaNamed(document, PROBLEM);
    expect(Object.keys(problem.properties!)).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'correlationId', 'errors']));
    expect(problem.required).toEqual(['type', 'title', 'status']);
    expect(Object.keys(schemaNamed(document, '#/components/schemas/FieldProblemView').properties!)).toEqual(['field', 'reason']);
  });

  it('types every value: no untyped schema, enums where values are fixed, date-time on instants, integer limits', () => {
    const places = [
      ...Object.entries(document.components.schemas).flatMap(([name, schema]) => [...schemasIn(schema, name)]),
      ...operationsOf(document).flatMap(({ operation }) => (operation.parameters ?? []).map((p): [string, Schema] => [`${operation.operationId}(${p.name})`, p.schema])),
    ];
    // conditions (`if`/`then`) constrain values typed elsewhere
    const untyped = places.filter(([, s]) => !s.type && !s.$ref && !s.enum && !s.allOf && !s.oneOf && !s.anyOf && !s.if).map(([at]) => at);
    const openObjects = places.filter(([, s]) => s.type === 'object' && !s.properties).map(([at]) => at);
    expect({ untyped, openObjects }).toEqual({ untyped: [], openObjects: [] });

    const instants = places.filter(([at]) => isInstant(at.split(/[.(]/).pop()!.replace(')', '')));
    expect(instants.length).toBeGreaterThan(10);
    expect(instants.filter(([, s]) => s.format !== 'date-time').map(([at]) => at)).toEqual([]);

    const parameter = (operationId: string, name: string) =>
      operationsOf(document).find(({ operation }) => operation.operationId === operationId)!.operation.parameters!.find((p) => p.name === name)!.schema;
    expect(parameter('listUserTransactions', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    expect(parameter('listCompanyTransactions', 'from')).toMatchObject({ format: 'date-time' });
    expect(parameter('getUserCredits', 'asOf')).toMatchObject({ format: 'date-time' });
    expect(operationsOf(document).find(({ operation }) => operation.operationId === 'getCreditLiability')!.operation.parameters!.map((p) => p.in)).toEqual(['path']);
    const schema = (name: string) => document.components.schemas[name];
    expect(schema('LotView').properties!.source.enum).toEqual(['plan', 'admin', 'purchase', 'refund', 'rollover']);
    expect(schema('GrantCreditsRequest').properties!.kind.enum).toEqual(['permanent', 'expiring']);
    expect(schema('GrantCreditsRequest').properties!.amount.pattern).toBeDefined();
    expect(schema('GrantCreditsRequest').additionalProperties).toBe(false);
  });

  it('gives every operation a complete example of its request and success body, valid against its schema', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'urn:credits:openapi', components: document.components });
    const missing: string[] = [];
    const invalid: string[] = [];
    for (const { operation } of operationsOf(document)) {
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1];
      const bodies = [
        ['request', operation.requestBody?.content['application/json']?.schema],
        ['response', success?.content?.['application/json']?.schema],
      ] as const;
      for (const [what, schema] of bodies) {
        if (!schema) continue;
        const at = `${operation.operationId} ${what}`;
        const example = exampleOf(document, schema, at, missing);
        const validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"urn:credits:openapi#/components/')));
        if (!validate(example)) invalid.push(`${at}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect({ missing, invalid }).toEqual({ missing: [], invalid: [] });
  });

  describe('typed client (openapi-typescript + openapi-fetch)', () => {
    beforeAll(async () => {
      await generateTypes(documentFile, join(workDir, 'api.d.ts'));
    });

    it('compiles a program that calls every route group, which then runs against the system', async () => {
      writeFileSync(join(workDir, 'program.ts'), TYPED_CLIENT_PROGRAM);
      expect(await compile([join(workDir, 'program.ts')], join(workDir, 'out'))).toEqual([]);

      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program exists only once compiled
      const program = require(join(workDir, 'out', 'program.js')) as TypedClientProgram;
      const outcome = await program.run(system.gatewayUrl, {
        operatorToken: tokenFor('typed-operator', ['operator']),
        adminId: 'typed-admin',
        adminToken: tokenFor('typed-admin'),
        memberId: 'typed-member',
        memberToken: tokenFor('typed-member'),
      });
      expect(outcome).toEqual({
        creditsEnabled: true,
        locationSeenByMember: 'Typed client',
        memberRoles: ['typed-admin:admin', 'typed-member:member'],
        membershipStatus: 'active',
        companiesOfMember: ['Acme'],
        planAllowance: '10.00',
        grantedBalance: '30.00',
        replayed: 'true',
        shortfall: { type: 'https://credits.example/problems/insufficient-credits', shortfall: '975.00', correlationId: 'string' },
        pastBalance: '10.00',
        balance: { balance: '25.00', permanent: '15.00', lots: ['expiring:plan:10.00', 'permanent:admin:15.00'] },
        historyTypes: ['CreditsDeducted', 'CreditsGranted', 'CreditsGranted'],
        grantSources: ['admin', 'plan'],
        companyBalance: '49.50',
        companyHistory: { items: 1, hasMore: true },
        liabilityOutstanding: '74.50',
        liabilityForMember: 403,
        liabilityAsOf: '400 asOf',
        me: ['Typed client:member:Acme'],
      });
    });

    it.each(Object.entries(MISTYPED_CALLS))('refuses to compile %s', async (name, call) => {
      const file = join(workDir, `mistyped-${name.replace(/\W+/g, '-')}.ts`);
      writeFileSync(file, mistypedProgram(call));
      const errors = await compile([file], join(workDir, 'mistyped'));
      // the call is line 5 of the program; nothing else in it may be wrong
      expect(errors).not.toEqual([]);
      expect(errors.filter((line) => !line.startsWith(`${relative(ROOT, file)}(5,`))).toEqual([]);
    });
  });
});
