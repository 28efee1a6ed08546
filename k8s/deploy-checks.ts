// What the deployment test checks beyond the real tools: `kustomize build` renders k8s/ (it refuses
// broken kustomizations and patches) and kubernetes-models validates every rendered object against
// the Kubernetes schemas. What neither can know is this platform's rules, below: every deployable
// app has probes, resources, a PodDisruptionBudget, a NetworkPolicy and an autoscaler, a service with
// a database has its migration Job, the topics Job creates every contract topic, the gateway's
// metrics port is its METRICS_PORT and open to monitoring, and docker-compose runs every app gated
// on health checks. Each `check*` returns its problems (empty = fine).
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { kustomizeBuild } from '@credits/test-infra';
import { Deployment, IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler, IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { IJob, Job } from 'kubernetes-models/batch/v1/Job';
import { INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { IPodDisruptionBudget, PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { IContainer } from 'kubernetes-models/v1/Container';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';

export const ROOT = path.resolve(__dirname, '..');
export const K8S_DIR = path.join(ROOT, 'k8s');
export const RENDERINGS = ['base', 'overlays/dev', 'overlays/production'] as const;
export const NAMESPACE = 'credits';
export const SECRET_NAME = 'credits-secrets';
/** apps/ that are no deployable service: the end-to-end tests and the all-in-one `npm start` process. */
const NOT_DEPLOYED = ['e2e', 'embedded'];

/** Every deployable app: apps/<app>/src/main.ts, except the test suite and the embedded process. */
export function deployableApps(): string[] {
  return readdirSync(path.join(ROOT, 'apps'))
    .filter((app) => !NOT_DEPLOYED.includes(app) && existsSync(path.join(ROOT, 'apps', app, 'src', 'main.ts')))
    .sort();
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** `kustomize build k8s/<dir>`, one object per document. */
export async function render(dir: string): Promise<K8sObject[]> {
  const yaml = await kustomizeBuild(path.join(K8S_DIR, dir));
  return parseAllDocuments(yaml).map((doc) => doc.toJS() as K8sObject);
}

type ModelCtor = new (data: never) => { validate(): void };
/** The kinds the manifests may contain: anything else is a mistake (or needs a line here). */
const MODELS: Record<string, ModelCtor> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

/** Throws unless the object is a known kind that passes its Kubernetes schema (kubernetes-models). */
export function validateK8sObject(obj: K8sObject): void {
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) throw new Error(`${obj.kind} ${obj.metadata?.name}: unexpected kind ${obj.apiVersion}/${obj.kind}`);
  new Model(obj as never).validate();
}

const ofKind = <T>(objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as unknown as T[];
const named = <T extends { metadata?: { name?: string } }>(list: T[], name: string) => list.find((o) => o.metadata?.name === name);
const selects = (matchLabels: Record<string, string> | undefined, labels: Record<string, string> = {}) =>
  !!matchLabels && Object.keys(matchLabels).length > 0 && Object.entries(matchLabels).every(([k, v]) => labels[k] === v);
const secretEnv = (container: IContainer, name: string) => container.env?.find((e) => e.name === name)?.valueFrom?.secretKeyRef;

/** Probes, resources, PodDisruptionBudget, NetworkPolicy, autoscaler and (with a database) the migration Job of every app. */
export function checkApps(objects: K8sObject[], apps: string[]): string[] {
  const problems: string[] = [];
  const policies = ofKind<INetworkPolicy>(objects, 'NetworkPolicy');
  const isDenyAll = (p: INetworkPolicy) =>
    Object.keys(p.spec?.podSelector ?? {}).length === 0 && (['Ingress', 'Egress'] as const).every((t) => p.spec?.policyTypes?.includes(t)) && !p.spec?.ingress && !p.spec?.egress;
  if (!policies.some(isDenyAll)) problems.push('no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)');
  for (const app of apps) {
    const deployment = named(ofKind<IDeployment>(objects, 'Deployment'), app);
    if (!deployment) {
      problems.push(`${app}: no Deployment (add k8s/base/${app}.yaml to k8s/base/kustomization.yaml)`);
      continue;
    }
    const podLabels = deployment.spec?.template.metadata?.labels;
    const container = deployment.spec?.template.spec?.containers.find((c) => c.name === app);
    if (!container) {
      problems.push(`${app}: no container named ${app}`);
      continue;
    }
    for (const [probe, pathName] of [['startupProbe', '/health/live'], ['livenessProbe', '/health/live'], ['readinessProbe', '/health/ready']] as const) {
      if (container[probe]?.httpGet?.path !== pathName) problems.push(`${app}: ${probe} must GET ${pathName}`);
    }
    for (const bound of ['requests', 'limits'] as const) {
      for (const resource of ['cpu', 'memory']) {
        if (container.resources?.[bound]?.[resource] === undefined) problems.push(`${app}: resources.${bound}.${resource} missing`);
      }
    }
    if (deployment.spec?.replicas !== undefined) problems.push(`${app}: Deployment sets replicas, which its HorizontalPodAutoscaler owns`);
    const hpa = ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler').find(
      (h) => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === app,
    );
    if (!hpa) problems.push(`${app}: no HorizontalPodAutoscaler scales it`);
    if (!ofKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget').some((p) => selects(p.spec?.selector?.matchLabels, podLabels))) {
      problems.push(`${app}: no PodDisruptionBudget selects its pods`);
    }
    if (!policies.some((p) => !isDenyAll(p) && selects(p.spec?.podSelector?.matchLabels, podLabels))) {
      problems.push(`${app}: no NetworkPolicy of its own selects its pods`);
    }
    const databaseUrl = secretEnv(container, 'DATABASE_URL');
    if (databaseUrl) problems.push(...checkMigrationJob(objects, app, container.image, databaseUrl));
  }
  return problems;
}

function checkMigrationJob(objects: K8sObject[], app: string, image: string | undefined, databaseUrl: { name?: string; key: string }): string[] {
  const job = named(ofKind<IJob>(objects, 'Job'), `${app}-migrate`);
  if (!job) return [`${app}: has a database but no Job ${app}-migrate`];
  const problems: string[] = [];
  const [container, ...others] = job.spec?.template.spec?.containers ?? [];
  if (!container || others.length > 0) return [`Job ${app}-migrate: must have exactly one container`];
  if (container.image !== image) problems.push(`Job ${app}-migrate: image ${container.image}, the Deployment runs ${image}`);
  const entry = `apps/${app}/src/migrate.ts`;
  if (container.command?.at(-1) !== entry) problems.push(`Job ${app}-migrate: command must run ${entry}`);
  if (!existsSync(path.join(ROOT, entry))) problems.push(`Job ${app}-migrate: ${entry} does not exist`);
  const ref = secretEnv(container, 'DATABASE_URL');
  if (ref?.name !== databaseUrl.name || ref?.key !== databaseUrl.key) problems.push(`Job ${app}-migrate: DATABASE_URL must come from the Deployment's Secret key`);
  if (job.spec?.template.spec?.restartPolicy !== 'Never') problems.push(`Job ${app}-migrate: restartPolicy must be Never (backoffLimit retries)`);
  return problems;
}

/** The topics Job creates exactly the contract topics, with at least as many partitions as any autoscaler's replicas. */
export function checkTopicsJob(objects: K8sObject[], topics: readonly string[]): string[] {
  const config = named(ofKind<IConfigMap>(objects, 'ConfigMap'), 'kafka-topics');
  const job = named(ofKind<IJob>(objects, 'Job'), 'kafka-topics');
  if (!config || !job) return ['no kafka-topics ConfigMap and Job'];
  const problems: string[] = [];
  const listed = (config.data?.TOPICS ?? '').split(/\s+/).filter(Boolean).sort();
  if (JSON.stringify(listed) !== JSON.stringify([...topics].sort())) {
    problems.push(`kafka-topics TOPICS ${listed.join(' ')} != the contracts' topics ${[...topics].sort().join(' ')}`);
  }
  const envFrom = job.spec?.template.spec?.containers[0]?.envFrom ?? [];
  if (!envFrom.some((e) => e.configMapRef?.name === 'kafka-topics')) problems.push('Job kafka-topics does not read the kafka-topics ConfigMap');
  const partitions = Number(config.data?.PARTITIONS);
  const replication = Number(config.data?.REPLICATION_FACTOR);
  if (!Number.isInteger(partitions) || partitions < 1) problems.push(`kafka-topics PARTITIONS ${config.data?.PARTITIONS} is no positive integer`);
  if (!Number.isInteger(replication) || replication < 1) problems.push(`kafka-topics REPLICATION_FACTOR ${config.data?.REPLICATION_FACTOR} is no positive integer`);
  for (const hpa of ofKind<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler')) {
    if (hpa.spec!.maxReplicas > partitions) problems.push(`${hpa.metadata?.name}: maxReplicas ${hpa.spec!.maxReplicas} > ${partitions} partitions (idle consumers)`);
  }
  return problems;
}

/** The gateway's /metrics is on METRICS_PORT, not its public port: its container names that port `metrics`, which monitoring may reach. */
export function checkGatewayMetrics(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const metricsPort = named(ofKind<IConfigMap>(objects, 'ConfigMap'), 'api-gateway-config')?.data?.METRICS_PORT;
  const deployment = named(ofKind<IDeployment>(objects, 'Deployment'), 'api-gateway');
  const declared = deployment?.spec?.template.spec?.containers.find((c) => c.name === 'api-gateway')?.ports?.find((p) => p.name === 'metrics')?.containerPort;
  if (metricsPort === undefined || String(declared) !== metricsPort) problems.push(`api-gateway: container port metrics (${declared}) must be METRICS_PORT of api-gateway-config (${metricsPort})`);
  const podLabels = deployment?.spec?.template.metadata?.labels;
  const fromMonitoring = (rules: NonNullable<INetworkPolicy['spec']>['ingress']) =>
    (rules ?? []).some(
      (rule) => rule.from?.some((peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring') && rule.ports?.some((p) => p.port === 'metrics'),
    );
  const admits = ofKind<INetworkPolicy>(objects, 'NetworkPolicy').some(
    (p) => (Object.keys(p.spec?.podSelector ?? {}).length === 0 || selects(p.spec?.podSelector?.matchLabels, podLabels)) && fromMonitoring(p.spec?.ingress),
  );
  if (!admits) problems.push('api-gateway: no NetworkPolicy lets the namespace monitoring reach its port metrics');
  return problems;
}

type ComposeService = { build?: { args?: Record<string, string> }; healthcheck?: { test?: string[] | string }; depends_on?: unknown; profiles?: string[] };

export function parseCompose(source: string): { services: Record<string, ComposeService> } {
  return parseYaml(source, { merge: true }) as { services: Record<string, ComposeService> };
}

/** Every app is a compose service built with APP=<app> and a readiness health check; every service has a health check and waits on healthy ones. */
export function checkCompose(compose: { services: Record<string, ComposeService> }, apps: string[]): string[] {
  const problems: string[] = [];
  for (const app of apps) {
    const service = compose.services[app];
    if (!service) problems.push(`compose: no service ${app}`);
    else if (service.build?.args?.APP !== app) problems.push(`compose ${app}: build.args.APP must be ${app}`);
    else if (!String(service.healthcheck?.test ?? '').includes('/health/ready')) problems.push(`compose ${app}: healthcheck must ask /health/ready`);
  }
  for (const [name, service] of Object.entries(compose.services)) {
    if (service.profiles) continue; // opt-in extras (stripe-mock) nothing depends on
    if (!service.healthcheck?.test) problems.push(`compose ${name}: no healthcheck`);
    const dependsOn = service.depends_on ?? {};
    if (Array.isArray(dependsOn)) problems.push(`compose ${name}: depends_on must wait for condition service_healthy`);
    else {
      for (const [dependency, spec] of Object.entries(dependsOn as Record<string, { condition?: string }>)) {
        if (spec?.condition !== 'service_healthy') problems.push(`compose ${name}: depends_on.${dependency}.condition must be service_healthy`);
      }
    }
  }
  return problems;
}

/** Every Secret reference names a key of the documented Secret (k8s/secret.example.yaml), which the manifests never contain. */
export function checkSecretRefs(objects: K8sObject[], exampleKeys: string[]): string[] {
  const problems: string[] = [];
  for (const obj of objects) {
    const spec = (obj.kind === 'Deployment' || obj.kind === 'Job' ? (obj as IDeployment).spec?.template.spec : undefined) ?? { containers: [] };
    for (const env of spec.containers.flatMap((c) => c.env ?? [])) {
      const ref = env.valueFrom?.secretKeyRef;
      if (ref && (ref.name !== SECRET_NAME || !exampleKeys.includes(ref.key))) {
        problems.push(`${obj.kind} ${obj.metadata.name}: ${env.name} from Secret ${ref.name} key ${ref.key}, not a key of ${SECRET_NAME} in k8s/secret.example.yaml`);
      }
    }
  }
  return problems;
}
