// The deployment artifacts, proven with the real tools: `kustomize build` (built once into tools/bin)
// renders the base and both overlays, kubernetes-models validates every rendered object, and each
// service's migration entry (what its Job runs) migrates a real PostgreSQL. deploy-checks.ts adds the
// platform's own rules; every rule is also shown to reject a broken input.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { parse as parseYaml } from 'yaml';
import { Topics } from '@credits/contracts';
import { createTestDatabase, ensureKustomize, kafkaBrokers, kafkaToolsBin, uniqueTopic } from '@credits/test-infra';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import {
  K8S_DIR,
  K8sObject,
  RENDERINGS,
  ROOT,
  checkApps,
  checkCompose,
  checkGatewayMetrics,
  checkSecretRefs,
  checkTopicsJob,
  deployableApps,
  parseCompose,
  render,
  validateK8sObject,
} from './deploy-checks';

const run = promisify(execFile);
const apps = deployableApps();
const topics = Object.values(Topics);
const secretKeys = Object.keys((parseYaml(readFileSync(path.join(K8S_DIR, 'secret.example.yaml'), 'utf8')) as { stringData: object }).stringData);
const rendered = new Map<string, K8sObject[]>();
const ofKind = <T>(objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as unknown as T[];
const named = <T>(objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name) as T;
const without = (objects: K8sObject[], kind: string, name: string) => objects.filter((o) => !(o.kind === kind && o.metadata.name === name));
const changed = (objects: K8sObject[], kind: string, name: string, change: (o: never) => void) =>
  objects.map((o) => {
    if (o.kind !== kind || o.metadata.name !== name) return o;
    const copy = structuredClone(o);
    change(copy as never);
    return copy;
  });
const container = (d: IDeployment | IJob) => d.spec!.template.spec!.containers[0];

beforeAll(async () => {
  await ensureKustomize((m) => console.log(`[deploy] ${m}`)); // go install, the first time only
  for (const dir of RENDERINGS) rendered.set(dir, await render(dir));
}, 600_000);

describe('the deployable apps', () => {
  it('are every app with a main.ts except e2e and embedded', () => {
    expect(apps).toEqual(expect.arrayContaining(['api-gateway', 'billing', 'ledger', 'membership', 'payments']));
    expect(apps).not.toContain('embedded');
    expect(apps).not.toContain('e2e');
  });
});

describe.each(RENDERINGS)('kustomize build k8s/%s', (dir) => {
  const objects = () => rendered.get(dir)!;

  it('renders only objects that pass their Kubernetes schema, all in namespace credits', () => {
    expect(objects().length).toBeGreaterThan(0);
    for (const obj of objects()) expect(() => validateK8sObject(obj)).not.toThrow();
    expect(objects().filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'credits').map((o) => o.metadata.name)).toEqual([]);
  });

  it('gives every app probes, resources, a PodDisruptionBudget, a NetworkPolicy, an autoscaler and its migration Job', () => {
    expect(checkApps(objects(), apps)).toEqual([]);
    // The database services, each with its Job; the gateway has no database.
    const jobs = ofKind<IJob>(objects(), 'Job').map((j) => j.metadata!.name);
    expect(jobs).toEqual(expect.arrayContaining(['kafka-topics', 'ledger-migrate', 'membership-migrate', 'payments-migrate', 'billing-migrate']));
    expect(jobs).not.toContain('api-gateway-migrate');
  });

  it("exposes the gateway's metrics port (METRICS_PORT) to the monitoring namespace only", () => {
    expect(checkGatewayMetrics(objects())).toEqual([]);
  });

  it('creates every contract topic (libs/contracts/src/topics.ts) in the topics Job', () => {
    expect(checkTopicsJob(objects(), topics)).toEqual([]);
  });

  it('references only keys of the documented Secret, and contains no Secret', () => {
    expect(checkSecretRefs(objects(), secretKeys)).toEqual([]);
    expect(objects().some((o) => o.kind === 'Secret')).toBe(false);
  });
});

describe('the overlays', () => {
  it('production: 2 to 6 replicas (one stays up through a drain), pinned images, replication 3', () => {
    const production = rendered.get('overlays/production')!;
    for (const app of apps) {
      const hpa = named<IHorizontalPodAutoscaler>(production, 'HorizontalPodAutoscaler', app);
      expect([hpa.spec!.minReplicas, hpa.spec!.maxReplicas]).toEqual([2, 6]);
      expect(container(named<IDeployment>(production, 'Deployment', app)).image).toMatch(new RegExp(`^credits-platform/${app}:\\d+\\.\\d+\\.\\d+$`));
    }
    for (const job of ofKind<IJob>(production, 'Job').filter((j) => j.metadata!.name!.endsWith('-migrate'))) {
      expect(container(job).image).toMatch(/:\d+\.\d+\.\d+$/);
    }
    expect(named<IConfigMap>(production, 'ConfigMap', 'kafka-topics').data).toMatchObject({ PARTITIONS: '6', REPLICATION_FACTOR: '3' });
  });

  it('dev: local images, debug logging, topics for one broker', () => {
    const dev = rendered.get('overlays/dev')!;
    for (const app of apps) {
      expect(container(named<IDeployment>(dev, 'Deployment', app)).image).toBe(`credits-platform/${app}:dev`);
      expect(named<IConfigMap>(dev, 'ConfigMap', `${app}-config`).data?.LOG_LEVEL).toBe('debug');
    }
    expect(named<IConfigMap>(dev, 'ConfigMap', 'kafka-topics').data).toMatchObject({ REPLICATION_FACTOR: '1', MIN_INSYNC_REPLICAS: '1' });
  });
});

describe('the checks reject broken manifests', () => {
  const production = () => rendered.get('overlays/production')!;
  const problems = (objects: K8sObject[]) => checkApps(objects, apps).join('\n');

  it.each([
    ['no readiness probe', (d: IDeployment) => delete container(d).readinessProbe, /ledger: readinessProbe must GET \/health\/ready/],
    ['liveness on the readiness path', (d: IDeployment) => (container(d).livenessProbe!.httpGet!.path = '/health/ready'), /ledger: livenessProbe must GET \/health\/live/],
    ['no memory limit', (d: IDeployment) => delete container(d).resources!.limits!.memory, /ledger: resources.limits.memory missing/],
    ['fixed replicas', (d: IDeployment) => (d.spec!.replicas = 2), /ledger: Deployment sets replicas/],
    ['another image than its Job', (d: IDeployment) => (container(d).image = 'credits-platform/ledger:0.2.0'), /Job ledger-migrate: image credits-platform\/ledger:0.1.0/],
  ])('a Deployment with %s', (_what, change, message) => {
    expect(problems(changed(production(), 'Deployment', 'ledger', change as (o: never) => void))).toMatch(message);
  });

  it.each([
    ['PodDisruptionBudget', /membership: no PodDisruptionBudget/],
    ['NetworkPolicy', /membership: no NetworkPolicy of its own/],
    ['HorizontalPodAutoscaler', /membership: no HorizontalPodAutoscaler/],
    ['Deployment', /membership: no Deployment/],
  ])('an app without its %s', (kind, message) => {
    expect(problems(without(production(), kind, 'membership'))).toMatch(message);
  });

  it('no default deny, a missing or wrong migration Job', () => {
    expect(problems(without(production(), 'NetworkPolicy', 'default-deny'))).toMatch(/no default-deny NetworkPolicy/);
    expect(problems(without(production(), 'Job', 'payments-migrate'))).toMatch(/payments: has a database but no Job payments-migrate/);
    const otherEntry = changed(production(), 'Job', 'billing-migrate', (j: IJob) => (container(j).command = ['node', 'apps/billing/src/main.ts']));
    expect(problems(otherEntry)).toMatch(/Job billing-migrate: command must run apps\/billing\/src\/migrate.ts/);
    const retried = changed(production(), 'Job', 'billing-migrate', (j: IJob) => (j.spec!.template.spec!.restartPolicy = 'OnFailure'));
    expect(problems(retried)).toMatch(/restartPolicy must be Never/);
    expect(checkApps(production(), [...apps, 'reports'])).toEqual(['reports: no Deployment (add k8s/base/reports.yaml to k8s/base/kustomization.yaml)']);
  });

  it('a topics Job missing a contract topic, or fewer partitions than replicas', () => {
    expect(checkTopicsJob(production(), [...topics, 'credits.reports.v1']).join()).toMatch(/!= the contracts' topics/);
    const fewPartitions = changed(production(), 'ConfigMap', 'kafka-topics', (c: IConfigMap) => (c.data!.PARTITIONS = '4'));
    expect(checkTopicsJob(fewPartitions, topics).join('\n')).toMatch(/ledger: maxReplicas 6 > 4 partitions/);
    expect(checkTopicsJob(without(production(), 'Job', 'kafka-topics'), topics)).toEqual(['no kafka-topics ConfigMap and Job']);
  });

  it('a gateway metrics port other than its METRICS_PORT, or that monitoring cannot reach', () => {
    const otherPort = changed(production(), 'ConfigMap', 'api-gateway-config', (c: IConfigMap) => (c.data!.METRICS_PORT = '9100'));
    expect(checkGatewayMetrics(otherPort)).toEqual(['api-gateway: container port metrics (9464) must be METRICS_PORT of api-gateway-config (9100)']);
    expect(checkGatewayMetrics(without(production(), 'NetworkPolicy', 'allow-metrics-scrape'))).toEqual(['api-gateway: no NetworkPolicy lets the namespace monitoring reach its port metrics']);
  });

  it('a Secret key the example does not document', () => {
    const otherKey = changed(production(), 'Deployment', 'ledger', (d: IDeployment) => (container(d).env![0].valueFrom!.secretKeyRef!.key = 'db-url'));
    expect(checkSecretRefs(otherKey, secretKeys).join()).toMatch(/Deployment ledger: DATABASE_URL from Secret credits-secrets key db-url/);
  });

  it('an object its Kubernetes schema refuses, or a kind the manifests do not use (a Secret)', () => {
    const hpa = structuredClone(named<K8sObject>(production(), 'HorizontalPodAutoscaler', 'ledger'));
    (hpa.spec as { minReplicas: unknown }).minReplicas = 'two';
    expect(() => validateK8sObject(hpa)).toThrow(/minReplicas must be integer/);
    const job = structuredClone(named<K8sObject>(production(), 'Job', 'ledger-migrate'));
    delete (job.spec as { template?: unknown }).template;
    expect(() => validateK8sObject(job)).toThrow(/template/);
    expect(() => validateK8sObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'credits-secrets' } })).toThrow(/unexpected kind v1\/Secret/);
  });

  it('kustomize refuses a kustomization with a missing resource or a patch that does not apply', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kustomize-'));
    try {
      mkdirSync(path.join(dir, 'broken'));
      const base = path.relative(path.join(dir, 'broken'), path.join(K8S_DIR, 'base'));
      const kustomization = (extra: string) => writeFileSync(path.join(dir, 'broken', 'kustomization.yaml'), `resources:\n  - ${base}\n${extra}`);
      kustomization('  - missing.yaml\n');
      await expect(render(path.relative(K8S_DIR, path.join(dir, 'broken')))).rejects.toThrow(/missing\.yaml/);
      kustomization('patches:\n  - target: {kind: Deployment, name: ledger}\n    patch: "[{op: replace, path: /spec/nope/x, value: 1}]"\n');
      await expect(render(path.relative(K8S_DIR, path.join(dir, 'broken')))).rejects.toThrow(/nope/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration Jobs: what they run migrates a real PostgreSQL', () => {
  const migrationApps = () => ofKind<IJob>(rendered.get('base')!, 'Job').flatMap((j) => (j.metadata!.name!.endsWith('-migrate') ? [j.metadata!.name!.replace(/-migrate$/, '')] : []));
  const runJobCommand = (app: string, env: Record<string, string>) => {
    const [command, ...args] = container(named<IJob>(rendered.get('base')!, 'Job', `${app}-migrate`)).command!;
    return run(command === 'node' ? process.execPath : command, args, { cwd: ROOT, env: { ...process.env, ...env } });
  };

  it("each Job's command migrates its schema and exits 0 (a second run too: nothing left to do)", async () => {
    const databaseUrl = await createTestDatabase('deploy_migrate');
    // All at once, as the Jobs run in a cluster (each schema has its own lock).
    await Promise.all(migrationApps().map((app) => runJobCommand(app, { DATABASE_URL: databaseUrl })));
    await runJobCommand(migrationApps()[0], { DATABASE_URL: databaseUrl });
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      for (const app of migrationApps()) {
        const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "${app}"."migrations"`);
        expect(Number(rows[0].count)).toBeGreaterThan(0);
      }
    } finally {
      await client.end();
    }
  }, 300_000);

  it('exits 1 and says why without a usable DATABASE_URL', async () => {
    const failed = await runJobCommand('ledger', { DATABASE_URL: 'http://not-postgres' }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toMatch(/ledger: migrations failed.*DATABASE_URL/);
  }, 120_000);
});

describe('the topics Job: its script creates the topics on a real broker', () => {
  it('creates each listed topic with the given partitions and min.insync.replicas, and a second run changes nothing', async () => {
    const dev = rendered.get('overlays/dev')!;
    const job = container(named<IJob>(dev, 'Job', 'kafka-topics'));
    const config = named<IConfigMap>(dev, 'ConfigMap', 'kafka-topics').data!;
    const dir = mkdtempSync(path.join(tmpdir(), 'kafka-topics-'));
    // Fresh names: the shared test broker may already hold the contract topics with other settings.
    const names = topics.map((topic) => uniqueTopic(`jobtest.${topic}`));
    const env = {
      ...config,
      ...Object.fromEntries(job.env!.map((e) => [e.name, e.value!])),
      KAFKA_BROKERS: kafkaBrokers().join(','),
      TOPICS: names.join('\n'),
      PARTITIONS: '5', // not the broker's default (3): proves the script passes it
      KAFKA_BIN: await kafkaToolsBin(path.join(dir, 'bin'), (m) => console.log(`[deploy] ${m}`)),
      LOG_DIR: dir,
    };
    const [shell, ...args] = [...job.command!, ...job.args!];
    const admin = new Kafka({ clientId: 'deploy-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    try {
      for (let runs = 0; runs < 2; runs++) await run(shell, args, { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });
      await admin.connect();
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: names });
      expect(metadata.map((t) => [t.name, t.partitions.length]).sort()).toEqual(names.map((n) => [n, 5]).sort());
      const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: names.map((name) => ({ type: 2, name, configNames: ['min.insync.replicas'] })) });
      // Source 1 (topic config): set by the script, not inherited from the broker.
      for (const resource of resources) expect(resource.configEntries[0]).toMatchObject({ configValue: config.MIN_INSYNC_REPLICAS, configSource: 1 });
    } finally {
      await admin.disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('docker-compose.yml', () => {
  const compose = parseCompose(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));

  it('runs every app built with APP=<app>, every service with a health check, starting only on healthy dependencies', () => {
    expect(checkCompose(compose, apps)).toEqual([]);
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'postgres', ...apps]));
  });

  it('rejects a missing app, a missing health check, a liveness-only check and an unconditional dependency', () => {
    const broken = (change: (c: typeof compose) => void) => {
      const copy = structuredClone(compose);
      change(copy);
      return checkCompose(copy, apps).join('\n');
    };
    expect(broken((c) => delete c.services.ledger)).toMatch(/compose: no service ledger/);
    expect(broken((c) => delete c.services.postgres.healthcheck)).toMatch(/compose postgres: no healthcheck/);
    expect(broken((c) => (c.services.membership.healthcheck!.test = ['CMD', 'curl', '/health/live']))).toMatch(/compose membership: healthcheck must ask \/health\/ready/);
    expect(broken((c) => (c.services.billing.depends_on = ['ledger']))).toMatch(/compose billing: depends_on must wait/);
    expect(broken((c) => (c.services.billing.build!.args!.APP = 'ledger'))).toMatch(/compose billing: build.args.APP must be billing/);
  });
});
