// Offline checks of the deployment artifacts (Dockerfile, .dockerignore, docker-compose.yml, k8s/).
// There is no Docker engine or cluster in CI, so these checks are how the artifacts are proven:
// every function here is pure or only reads files, and the `check*` functions return a list of
// problems (empty = fine) so the spec can show that each of them also rejects a broken input.
//
// `buildKustomization` renders a kustomization the way kustomize v5 does, for exactly the subset
// of kustomization fields these manifests use; any other field is an error rather than ignored.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { parse as parseYaml, parseAllDocuments, parseDocument } from 'yaml';
import { Deployment, IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { PodDisruptionBudget, IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap, IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { IContainer } from 'kubernetes-models/v1/Container';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { IProbe } from 'kubernetes-models/v1/Probe';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service, IService } from 'kubernetes-models/v1/Service';

// ------------------------------------------------------------------------------------------------
// The system being deployed (DESIGN.md sections 3 and 7).

export const ROOT = path.resolve(__dirname, '..');
export const K8S_DIR = path.join(ROOT, 'k8s');
export const NAMESPACE = 'credits';
export const SECRET_NAME = 'credits-secrets';
export const SECRET_KEYS = ['database-url', 'jwt-secret', 'internal-secret', 'stripe-secret-key', 'stripe-webhook-secret'] as const;
export const NODE_IMAGE = 'node:20-bookworm-slim';
export const NAME_LABEL = 'app.kubernetes.io/name';

export interface AppSpec {
  port: number;
  /** env var -> key in the credits-secrets Secret */
  secretEnv: Record<string, string>;
  /** env vars every container of the app needs (from its ConfigMap, env or Secret) */
  requiredEnv: string[];
  /** env vars the app must not get */
  forbiddenEnv: string[];
  /** who may open connections to it: apps, or `*` (anyone: the public API) */
  reachedBy: string[];
  /** what it opens connections to: apps, or one of EXTERNAL_PORTS */
  reaches: string[];
}

/** Destinations outside these manifests, by port. */
export const EXTERNAL_PORTS: Record<string, number> = { database: 5432, kafka: 9092, 'identity-provider': 443, stripe: 443 };
const DNS_PORT = 53;

export const APPS: Record<string, AppSpec> = {
  'api-gateway': {
    port: 3000,
    secretEnv: { JWT_SECRET: 'jwt-secret', INTERNAL_SECRET: 'internal-secret' },
    requiredEnv: ['PORT', 'LOG_LEVEL', 'KAFKA_BROKERS', 'JWT_SECRET', 'INTERNAL_SECRET', 'LEDGER_URL', 'MEMBERSHIP_URL', 'PAYMENTS_URL', 'BILLING_URL'],
    forbiddenEnv: ['DATABASE_URL'],
    reachedBy: ['*'],
    reaches: ['ledger', 'membership', 'payments', 'billing', 'identity-provider'],
  },
  ledger: {
    port: 3001,
    secretEnv: { DATABASE_URL: 'database-url', INTERNAL_SECRET: 'internal-secret' },
    requiredEnv: ['PORT', 'LOG_LEVEL', 'KAFKA_BROKERS', 'DATABASE_URL', 'INTERNAL_SECRET'],
    forbiddenEnv: ['JWT_SECRET'],
    reachedBy: ['api-gateway', 'billing'],
    reaches: ['database', 'kafka'],
  },
  membership: {
    port: 3002,
    secretEnv: { DATABASE_URL: 'database-url', INTERNAL_SECRET: 'internal-secret' },
    requiredEnv: ['PORT', 'LOG_LEVEL', 'KAFKA_BROKERS', 'DATABASE_URL', 'INTERNAL_SECRET'],
    forbiddenEnv: ['JWT_SECRET'],
    reachedBy: ['api-gateway', 'payments', 'billing'],
    reaches: ['database', 'kafka'],
  },
  payments: {
    port: 3004,
    secretEnv: {
      DATABASE_URL: 'database-url',
      INTERNAL_SECRET: 'internal-secret',
      STRIPE_SECRET_KEY: 'stripe-secret-key',
      STRIPE_WEBHOOK_SECRET: 'stripe-webhook-secret',
    },
    requiredEnv: ['PORT', 'LOG_LEVEL', 'KAFKA_BROKERS', 'DATABASE_URL', 'INTERNAL_SECRET', 'MEMBERSHIP_URL'],
    forbiddenEnv: ['JWT_SECRET'],
    reachedBy: ['api-gateway', 'billing'],
    reaches: ['database', 'kafka', 'membership', 'stripe'],
  },
  billing: {
    port: 3003,
    secretEnv: { DATABASE_URL: 'database-url', INTERNAL_SECRET: 'internal-secret' },
    requiredEnv: ['PORT', 'LOG_LEVEL', 'KAFKA_BROKERS', 'DATABASE_URL', 'INTERNAL_SECRET', 'MEMBERSHIP_URL', 'LEDGER_URL', 'PAYMENTS_URL'],
    forbiddenEnv: ['JWT_SECRET'],
    reachedBy: ['api-gateway'],
    reaches: ['database', 'kafka', 'membership', 'ledger', 'payments'],
  },
};
export const APP_NAMES = Object.keys(APPS);

// ------------------------------------------------------------------------------------------------
// Small helpers

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Every document of a (multi-document) YAML file; empty documents are skipped. */
export function parseYamlDocuments(source: string, label: string): unknown[] {
  const out: unknown[] = [];
  for (const doc of parseAllDocuments(source)) {
    const issues = [...doc.errors, ...doc.warnings];
    if (issues.length > 0) throw new Error(`${label}: ${issues.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

export function readYamlDocuments(file: string): unknown[] {
  return parseYamlDocuments(readFileSync(file, 'utf8'), path.relative(ROOT, file));
}

export function listFiles(dir: string, test: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listFiles(full, test));
    } else if (test(full)) out.push(full);
  }
  return out.sort();
}

/** Kubernetes resource quantity ("250m", "1", "512Mi", "1Gi") as a number (cores / bytes). */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) throw new Error(`not a resource quantity: ${quantity}`);
  const factors: Record<string, number> = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * factors[match[2] ?? ''];
}

/** Compose-style duration ("30s", "1m30s", "500ms") in seconds. */
export function parseDuration(duration: unknown): number {
  if (typeof duration === 'number') return duration / 1e9; // compose: plain numbers are nanoseconds
  if (typeof duration !== 'string') return NaN;
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6 };
  let total = 0;
  let rest = duration;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|us|h|m|s)/.exec(rest);
    if (!match) return NaN;
    total += Number(match[1]) * units[match[2]];
    rest = rest.slice(match[0].length);
  }
  return total;
}

/** Docker compose interpolation with defaults: `${X:-d}` / `${X-d}` -> d, `${X}` / `$X` -> ''. */
export function interpolateComposeDefaults(value: string): string {
  return value
    .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_m, fallback: string | undefined) => fallback ?? '')
    .replace(/\$\$/g, '$');
}

// ------------------------------------------------------------------------------------------------
// Kubernetes objects and schema validation (kubernetes-models)

export interface K8sObject extends Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> } & Obj;
}

type ModelCtor = new (data: never) => { validate(): void };

/** The kinds these manifests may contain, each with its kubernetes-models class. */
const MODELS: Record<string, ModelCtor> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};
const CLUSTER_SCOPED_KINDS = new Set(['Namespace']);

export function objectId(obj: K8sObject): string {
  return `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** Throws unless `value` is a known kind that passes the Kubernetes OpenAPI schema. */
export function validateK8sObject(value: unknown): asserts value is K8sObject {
  if (!isObj(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    throw new Error(`not a Kubernetes object (apiVersion and kind required): ${JSON.stringify(value)}`);
  }
  const Model = MODELS[`${value.apiVersion}/${value.kind}`];
  if (!Model) {
    throw new Error(`unknown kind ${value.apiVersion}/${value.kind} (known: ${Object.keys(MODELS).join(', ')})`);
  }
  new Model(value as never).validate();
  if (!isObj(value.metadata) || typeof value.metadata.name !== 'string') {
    throw new Error(`${value.kind} without metadata.name`);
  }
  const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  if (!dns1123Label.test(value.metadata.name) || value.metadata.name.length > 63) {
    throw new Error(`${value.kind} ${value.metadata.name}: name is not a DNS-1123 label`);
  }
}

function asK8sObject(value: unknown, label: string): K8sObject {
  if (!isObj(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    throw new Error(`${label}: document is not a Kubernetes object`);
  }
  if (!isObj(value.metadata) || typeof value.metadata.name !== 'string') {
    throw new Error(`${label}: ${value.kind} without metadata.name`);
  }
  return value as K8sObject;
}

// ------------------------------------------------------------------------------------------------
// Kustomize (v5) rendering of the subset of fields used here

export interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}

export interface Kustomization {
  apiVersion: 'kustomize.config.k8s.io/v1beta1';
  kind: 'Kustomization';
  namespace?: string;
  resources?: string[];
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  replicas?: { name: string; count: number }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: { path?: string; patch?: string; target?: PatchTarget }[];
}

const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'namespace',
  'resources',
  'labels',
  'replicas',
  'images',
  'patches',
]);
const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function kustomizationFile(dir: string): string | undefined {
  return KUSTOMIZATION_FILE_NAMES.map((name) => path.join(dir, name)).find((file) => existsSync(file));
}

/** Checks a kustomization's shape: kustomize v5 API, only fields the renderer implements. */
export function parseKustomization(value: unknown, label: string): Kustomization {
  if (!isObj(value)) throw new Error(`${label}: not a mapping`);
  if (value.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || value.kind !== 'Kustomization') {
    throw new Error(`${label}: apiVersion/kind must be kustomize.config.k8s.io/v1beta1 Kustomization`);
  }
  for (const key of Object.keys(value)) {
    if (!KUSTOMIZATION_FIELDS.has(key)) {
      throw new Error(`${label}: field "${key}" is deprecated in kustomize v5 or not supported by these checks`);
    }
  }
  const stringList = (key: string) => {
    const list = value[key];
    if (list !== undefined && !(Array.isArray(list) && list.every((item) => typeof item === 'string'))) {
      throw new Error(`${label}: ${key} must be a list of strings`);
    }
  };
  stringList('resources');
  for (const key of ['labels', 'replicas', 'images', 'patches']) {
    const list = value[key];
    if (list !== undefined && !(Array.isArray(list) && list.every(isObj))) {
      throw new Error(`${label}: ${key} must be a list of mappings`);
    }
  }
  for (const entry of (value.labels as Obj[] | undefined) ?? []) {
    if (!isObj(entry.pairs)) throw new Error(`${label}: labels entry without pairs`);
    if (entry.includeSelectors === true) {
      throw new Error(`${label}: labels.includeSelectors=true would change immutable selectors; not supported`);
    }
  }
  for (const entry of (value.replicas as Obj[] | undefined) ?? []) {
    if (typeof entry.name !== 'string' || !Number.isInteger(entry.count)) {
      throw new Error(`${label}: replicas entries need name and integer count`);
    }
  }
  for (const entry of (value.images as Obj[] | undefined) ?? []) {
    if (typeof entry.name !== 'string') throw new Error(`${label}: images entry without name`);
    for (const key of ['newName', 'newTag', 'digest']) {
      if (entry[key] !== undefined && typeof entry[key] !== 'string') {
        throw new Error(`${label}: images ${entry.name}: ${key} must be a string (quote tags like "1.0")`);
      }
    }
  }
  for (const entry of (value.patches as Obj[] | undefined) ?? []) {
    if ((entry.path === undefined) === (entry.patch === undefined)) {
      throw new Error(`${label}: each patch needs exactly one of path or patch`);
    }
    if (!isObj(entry.target)) {
      throw new Error(`${label}: patches must be JSON 6902 patches with a target (strategic merge not supported)`);
    }
  }
  return value as unknown as Kustomization;
}

export function loadKustomization(dir: string): Kustomization {
  const file = kustomizationFile(dir);
  if (!file) throw new Error(`${path.relative(ROOT, dir)}: no kustomization.yaml`);
  const docs = readYamlDocuments(file);
  if (docs.length !== 1) throw new Error(`${path.relative(ROOT, file)}: expected exactly one document`);
  return parseKustomization(docs[0], path.relative(ROOT, file));
}

export interface ResolvedResource {
  entry: string;
  path: string;
  type: 'file' | 'kustomization';
}

/** Resolves `resources` entries to existing files or kustomization directories. */
export function resolveResources(dir: string, kustomization: Kustomization): ResolvedResource[] {
  return (kustomization.resources ?? []).map((entry) => {
    if (/^[a-z]+:\/\//i.test(entry) || entry.startsWith('github.com/')) {
      throw new Error(`${path.relative(ROOT, dir)}: remote resource ${entry} not allowed`);
    }
    const full = path.resolve(dir, entry);
    if (!existsSync(full)) {
      throw new Error(`${path.relative(ROOT, dir)}/kustomization.yaml: resource ${entry} does not exist`);
    }
    if (statSync(full).isDirectory()) {
      if (!kustomizationFile(full)) {
        throw new Error(`${path.relative(ROOT, dir)}: resource directory ${entry} has no kustomization.yaml`);
      }
      return { entry, path: full, type: 'kustomization' };
    }
    return { entry, path: full, type: 'file' };
  });
}

export function parseJsonPatch(value: unknown, label: string): JsonPatchOp[] {
  if (!Array.isArray(value) || value.length === 0) throw new Error(`${label}: a JSON 6902 patch is a list of ops`);
  return value.map((op, i) => {
    if (!isObj(op) || !['add', 'replace', 'remove'].includes(op.op as string)) {
      throw new Error(`${label}[${i}]: op must be add, replace or remove`);
    }
    if (typeof op.path !== 'string' || !op.path.startsWith('/')) {
      throw new Error(`${label}[${i}]: path must be a JSON pointer`);
    }
    if (op.op !== 'remove' && !('value' in op)) throw new Error(`${label}[${i}]: ${op.op} needs a value`);
    return op as unknown as JsonPatchOp;
  });
}

/** Applies JSON 6902 ops (RFC 6902 semantics for add/replace/remove); throws on a missing path. */
export function applyJsonPatch<T>(doc: T, ops: JsonPatchOp[]): T {
  const result = clone(doc);
  for (const op of ops) {
    const tokens = op.path
      .split('/')
      .slice(1)
      .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop()!;
    let parent: unknown = result;
    for (const token of tokens) {
      const next: unknown = Array.isArray(parent)
        ? parent[Number(token)]
        : isObj(parent)
          ? parent[token]
          : undefined;
      if (next === undefined) throw new Error(`patch path ${op.path} does not exist (at ${token})`);
      parent = next;
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      const max = op.op === 'add' ? parent.length : parent.length - 1;
      if (!Number.isInteger(index) || index < 0 || index > max) {
        throw new Error(`patch path ${op.path}: index ${last} out of range`);
      }
      if (op.op === 'add') parent.splice(index, 0, clone(op.value));
      else if (op.op === 'replace') parent[index] = clone(op.value);
      else parent.splice(index, 1);
    } else if (isObj(parent)) {
      if (op.op !== 'add' && !(last in parent)) throw new Error(`patch path ${op.path} does not exist`);
      if (op.op === 'remove') delete parent[last];
      else parent[last] = clone(op.value);
    } else {
      throw new Error(`patch path ${op.path}: parent is not a container`);
    }
  }
  return result;
}

export function matchesTarget(obj: K8sObject, target: PatchTarget): boolean {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  if (target.group !== undefined && target.group !== group) return false;
  if (target.version !== undefined && target.version !== version) return false;
  if (target.kind !== undefined && target.kind !== obj.kind) return false;
  if (target.name !== undefined && !new RegExp(`^(?:${target.name})$`).test(obj.metadata.name)) return false;
  if (target.namespace !== undefined && target.namespace !== obj.metadata.namespace) return false;
  if (target.labelSelector !== undefined) {
    for (const requirement of target.labelSelector.split(',')) {
      const [key, value] = requirement.split('=').map((s) => s.trim());
      if (obj.metadata.labels?.[key] !== value) return false;
    }
  }
  return true;
}

function podTemplate(obj: K8sObject): Obj | undefined {
  return obj.kind === 'Deployment' && isObj(obj.spec) && isObj(obj.spec.template) ? obj.spec.template : undefined;
}

function workloadContainers(obj: K8sObject): IContainer[] {
  const template = podTemplate(obj);
  if (!template || !isObj(template.spec)) return [];
  const spec = template.spec as { containers?: IContainer[]; initContainers?: IContainer[] };
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** Splits an image reference into name, tag and digest. */
export function parseImage(image: string): { name: string; tag?: string; digest?: string } {
  const [withoutDigest, digest] = image.split('@');
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon > slash) return { name: withoutDigest.slice(0, colon), tag: withoutDigest.slice(colon + 1), digest };
  return { name: withoutDigest, digest };
}

export interface Rendered {
  objects: K8sObject[];
  /** every file the build read: kustomizations, resources, patches */
  files: string[];
}

/** Renders a kustomization directory like `kustomize build` (for the supported fields). */
export function buildKustomization(dir: string): Rendered {
  const kustomization = loadKustomization(dir);
  const files = [kustomizationFile(dir)!];
  let objects: K8sObject[] = [];
  for (const resource of resolveResources(dir, kustomization)) {
    if (resource.type === 'kustomization') {
      const inner = buildKustomization(resource.path);
      objects.push(...inner.objects);
      files.push(...inner.files);
    } else {
      files.push(resource.path);
      const docs = readYamlDocuments(resource.path);
      objects.push(...docs.map((doc, i) => asK8sObject(doc, `${path.relative(ROOT, resource.path)}#${i}`)));
    }
  }
  const label = path.relative(ROOT, dir);

  // Order of kustomize's built-in transformers: patches, namespace, labels, replicas, images.
  for (const [i, entry] of (kustomization.patches ?? []).entries()) {
    let ops: JsonPatchOp[];
    if (entry.path !== undefined) {
      const patchFile = path.resolve(dir, entry.path);
      if (!existsSync(patchFile)) throw new Error(`${label}: patch file ${entry.path} does not exist`);
      files.push(patchFile);
      const docs = readYamlDocuments(patchFile);
      if (docs.length !== 1) throw new Error(`${entry.path}: expected one document`);
      ops = parseJsonPatch(docs[0], entry.path);
    } else {
      ops = parseJsonPatch(parseYaml(entry.patch!), `${label} patches[${i}]`);
    }
    const target = entry.target!;
    let matched = 0;
    objects = objects.map((obj) => {
      if (!matchesTarget(obj, target)) return obj;
      matched++;
      return applyJsonPatch(obj, ops);
    });
    if (matched === 0) throw new Error(`${label}: patch ${entry.path ?? i} matches no resource`);
  }
  if (kustomization.namespace !== undefined) {
    for (const obj of objects) {
      if (!CLUSTER_SCOPED_KINDS.has(obj.kind)) obj.metadata.namespace = kustomization.namespace;
    }
  }
  for (const entry of kustomization.labels ?? []) {
    for (const obj of objects) {
      obj.metadata.labels = { ...obj.metadata.labels, ...entry.pairs };
      const template = podTemplate(obj);
      if (template && entry.includeTemplates) {
        const metadata = (template.metadata ?? (template.metadata = {})) as { labels?: Record<string, string> };
        metadata.labels = { ...metadata.labels, ...entry.pairs };
      }
    }
  }
  for (const entry of kustomization.replicas ?? []) {
    const targets = objects.filter((obj) => obj.kind === 'Deployment' && obj.metadata.name === entry.name);
    if (targets.length === 0) throw new Error(`${label}: replicas for ${entry.name} match no Deployment`);
    for (const obj of targets) (obj.spec as Obj).replicas = entry.count;
  }
  for (const entry of kustomization.images ?? []) {
    let matched = 0;
    for (const container of objects.flatMap(workloadContainers)) {
      if (!container.image) continue;
      const image = parseImage(container.image);
      if (image.name !== entry.name) continue;
      matched++;
      const name = entry.newName ?? image.name;
      const tag = entry.newTag ?? image.tag;
      const digest = entry.digest ?? (entry.newTag ? undefined : image.digest);
      container.image = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
    }
    if (matched === 0) throw new Error(`${label}: image ${entry.name} matches no container`);
  }
  return { objects, files: [...new Set(files)] };
}

// ------------------------------------------------------------------------------------------------
// Checks of rendered Kubernetes manifests

function probeProblems(
  what: string,
  probe: IProbe | undefined,
  expectedPath: string,
  container: IContainer,
  port: number,
): string[] {
  if (!probe) return [`${what} missing`];
  if (!probe.httpGet) return [`${what} is not an httpGet probe`];
  const problems: string[] = [];
  if (probe.httpGet.path !== expectedPath) problems.push(`${what} path ${probe.httpGet.path} != ${expectedPath}`);
  const resolved = resolveContainerPort(container, probe.httpGet.port);
  if (resolved !== port) problems.push(`${what} port ${probe.httpGet.port} does not resolve to container port ${port}`);
  return problems;
}

/** A port (name or number) of a container, as a number; undefined when it names no port. */
export function resolveContainerPort(container: IContainer, port: string | number | undefined): number | undefined {
  const ports = container.ports ?? [];
  if (typeof port === 'number') return ports.some((p) => p.containerPort === port) ? port : undefined;
  return ports.find((p) => p.name === port)?.containerPort;
}

function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels?.[key] === value);
}

/** The environment a container ends up with: its ConfigMaps' data, then env values and secret refs. */
export function effectiveEnv(container: IContainer, configMaps: IConfigMap[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const configMap = configMaps.find((cm) => cm.metadata?.name === source.configMapRef?.name);
    for (const [key, value] of Object.entries(configMap?.data ?? {})) env.set(key, value);
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) env.set(variable.name, variable.value);
    else if (variable.valueFrom?.secretKeyRef) {
      env.set(variable.name, `<secret ${variable.valueFrom.secretKeyRef.name}/${variable.valueFrom.secretKeyRef.key}>`);
    } else if (variable.valueFrom?.configMapKeyRef) {
      const ref = variable.valueFrom.configMapKeyRef;
      const value = configMaps.find((cm) => cm.metadata?.name === ref.name)?.data?.[ref.key];
      if (value !== undefined) env.set(variable.name, value);
    }
  }
  return env;
}

function hostPort(value: string): { host: string; port: number } | undefined {
  const match = /^([a-z0-9.-]+):(\d+)$/i.exec(value.trim());
  return match ? { host: match[1], port: Number(match[2]) } : undefined;
}

/** Problems of one Deployment, given the ConfigMaps and Services rendered with it. */
export function checkDeployment(deployment: IDeployment, configMaps: IConfigMap[], services: IService[]): string[] {
  const name = deployment.metadata?.name ?? '<unnamed>';
  const app = APPS[name];
  if (!app) return [`Deployment ${name} is not one of ${APP_NAMES.join(', ')}`];
  const problems: string[] = [];
  const at = (message: string) => problems.push(`Deployment ${name}: ${message}`);

  const template = deployment.spec?.template;
  const podLabels = template?.metadata?.labels;
  if (deployment.metadata?.labels?.[NAME_LABEL] !== name) at(`metadata.labels.${NAME_LABEL} must be ${name}`);
  if (podLabels?.[NAME_LABEL] !== name) at(`pod template label ${NAME_LABEL} must be ${name}`);
  if (!labelsMatch(deployment.spec?.selector.matchLabels, podLabels)) at('selector does not match the pod labels');

  const pod = template?.spec;
  const containers = pod?.containers ?? [];
  if (containers.length !== 1) {
    at(`expected one container, found ${containers.length}`);
    return problems;
  }
  const container = containers[0];
  const image = parseImage(container.image ?? '');
  if (!image.name.endsWith(`credits-platform/${name}`)) at(`image ${container.image} is not credits-platform/${name}`);

  const httpPort = (container.ports ?? []).find((p) => p.name === 'http');
  if (httpPort?.containerPort !== app.port) at(`container port "http" must be ${app.port}`);

  for (const problem of [
    ...probeProblems('livenessProbe', container.livenessProbe, '/health/live', container, app.port),
    ...probeProblems('readinessProbe', container.readinessProbe, '/health/ready', container, app.port),
    ...probeProblems('startupProbe', container.startupProbe, '/health/live', container, app.port),
  ]) {
    at(problem);
  }

  const resources = container.resources;
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      if (resources?.[kind]?.[resource] === undefined) at(`resources.${kind}.${resource} missing`);
    }
  }
  for (const resource of ['cpu', 'memory']) {
    const request = resources?.requests?.[resource];
    const limit = resources?.limits?.[resource];
    if (request !== undefined && limit !== undefined && parseQuantity(request) > parseQuantity(limit)) {
      at(`resources.requests.${resource} ${request} exceeds the limit ${limit}`);
    }
  }

  // Secrets: only references, only to credits-secrets.
  for (const variable of container.env ?? []) {
    const ref = variable.valueFrom?.secretKeyRef;
    if (ref) {
      if (ref.name !== SECRET_NAME) at(`env ${variable.name} references Secret ${ref.name}, not ${SECRET_NAME}`);
      if (!(SECRET_KEYS as readonly string[]).includes(ref.key)) at(`env ${variable.name} uses unknown key ${ref.key}`);
    }
  }
  for (const source of container.envFrom ?? []) {
    if (source.secretRef) at(`envFrom secretRef ${source.secretRef.name}: reference single keys of ${SECRET_NAME}`);
    if (source.configMapRef && !configMaps.some((cm) => cm.metadata?.name === source.configMapRef!.name)) {
      at(`envFrom ConfigMap ${source.configMapRef.name} does not exist`);
    }
  }
  for (const [variable, key] of Object.entries(app.secretEnv)) {
    const ref = (container.env ?? []).find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
    if (ref?.name !== SECRET_NAME || ref.key !== key) at(`${variable} must come from Secret ${SECRET_NAME} key ${key}`);
  }

  const env = effectiveEnv(container, configMaps);
  for (const variable of app.requiredEnv) if (!env.has(variable)) at(`env ${variable} missing`);
  for (const variable of app.forbiddenEnv) if (env.has(variable)) at(`env ${variable} must not be set`);
  if (env.has('PORT') && Number(env.get('PORT')) !== app.port) at(`PORT ${env.get('PORT')} != ${app.port}`);
  const brokers = env.get('KAFKA_BROKERS');
  if (brokers !== undefined && !brokers.split(',').every((b) => hostPort(b))) {
    at(`KAFKA_BROKERS ${brokers} is not a comma-separated host:port list`);
  }
  for (const [variable, upstream] of [
    ['LEDGER_URL', 'ledger'],
    ['MEMBERSHIP_URL', 'membership'],
    ['PAYMENTS_URL', 'payments'],
    ['BILLING_URL', 'billing'],
  ]) {
    const value = env.get(variable);
    if (value === undefined) continue;
    const url = URL.canParse(value) ? new URL(value) : undefined;
    const service = services.find((s) => s.metadata?.name === url?.hostname);
    if (!url || url.protocol !== 'http:' || url.hostname !== upstream) at(`${variable} ${value} must be http://${upstream}:<port>`);
    else if (!service?.spec?.ports?.some((p) => p.port === Number(url.port))) {
      at(`${variable} ${value}: no Service ${upstream} with port ${url.port}`);
    }
  }

  // Non-root, graceful shutdown.
  const runAsNonRoot = container.securityContext?.runAsNonRoot ?? pod?.securityContext?.runAsNonRoot;
  if (runAsNonRoot !== true) at('securityContext.runAsNonRoot must be true');
  const runAsUser = container.securityContext?.runAsUser ?? pod?.securityContext?.runAsUser;
  if (runAsUser === 0) at('runAsUser must not be 0');
  if (container.securityContext?.allowPrivilegeEscalation !== false) at('allowPrivilegeEscalation must be false');
  const grace = pod?.terminationGracePeriodSeconds;
  if (grace === undefined || grace < 30 || grace > 120) at('terminationGracePeriodSeconds must be 30..120');
  return problems;
}

/** Problems of one Service: its selector picks exactly one Deployment whose container has the targetPort. */
export function checkService(service: IService, deployments: IDeployment[]): string[] {
  const name = service.metadata?.name ?? '<unnamed>';
  const selector = service.spec?.selector;
  const matching = deployments.filter((d) => labelsMatch(selector, d.spec?.template.metadata?.labels));
  if (matching.length !== 1) {
    return [`Service ${name}: selector ${JSON.stringify(selector)} matches ${matching.length} Deployments, not 1`];
  }
  const containers = matching[0].spec?.template.spec?.containers ?? [];
  const problems: string[] = [];
  for (const port of service.spec?.ports ?? []) {
    const target = port.targetPort ?? port.port;
    if (!containers.some((c) => resolveContainerPort(c, target) !== undefined)) {
      problems.push(`Service ${name}: targetPort ${target} is no containerPort of Deployment ${matching[0].metadata?.name}`);
    }
  }
  if ((service.spec?.ports ?? []).length === 0) problems.push(`Service ${name}: no ports`);
  return problems;
}

const isEmpty = (value: object | undefined) => value !== undefined && Object.keys(value).length === 0;
const selectsAll = (policy: INetworkPolicy) => isEmpty(policy.spec?.podSelector?.matchLabels ?? {}) && !policy.spec?.podSelector?.matchExpressions?.length;
const typesOf = (policy: INetworkPolicy) => policy.spec?.policyTypes ?? (policy.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);

/** A peer that is exactly the pods of `app` in this namespace (no other namespace, no addresses). */
function isPodsOf(peer: INetworkPolicyPeer, app: string): boolean {
  const labels = peer.podSelector?.matchLabels ?? {};
  return !peer.namespaceSelector && !peer.ipBlock && !peer.podSelector?.matchExpressions?.length && Object.keys(labels).length === 1 && labels[NAME_LABEL] === app;
}

function portNumber(port: INetworkPolicyPort, app?: AppSpec): number | undefined {
  if (typeof port.port === 'number') return port.port;
  return port.port === 'http' && app ? app.port : undefined;
}

/**
 * Problems of the NetworkPolicies: a default deny in both directions, DNS for every pod, then per
 * app only the traffic of its AppSpec (ingress from `reachedBy`, egress to `reaches`). Every rule
 * names its ports (a rule without ports allows them all).
 */
export function checkNetworkPolicies(policies: INetworkPolicy[], deployments: IDeployment[]): string[] {
  const problems: string[] = [];
  const denyAll = policies.some(
    (p) => selectsAll(p) && typesOf(p).includes('Ingress') && typesOf(p).includes('Egress') && !p.spec?.ingress?.length && !p.spec?.egress?.length,
  );
  if (!denyAll) problems.push('NetworkPolicy: no default deny (podSelector {}, policyTypes Ingress and Egress, no rules)');
  const dns = policies.some((p) => selectsAll(p) && p.spec?.egress?.some((rule) => rule.ports?.some((port) => port.port === DNS_PORT && port.protocol === 'UDP')));
  if (!dns) problems.push('NetworkPolicy: no pod may resolve names (egress to port 53/UDP for podSelector {})');

  for (const [name, app] of Object.entries(APPS)) {
    const at = (message: string) => problems.push(`NetworkPolicy of ${name}: ${message}`);
    const podLabels = deployments.find((d) => d.metadata?.name === name)?.spec?.template.metadata?.labels;
    const applying = policies.filter((p) => selectsAll(p) || labelsMatch(p.spec?.podSelector?.matchLabels, podLabels));
    if (!policies.some((p) => p.spec?.podSelector?.matchLabels?.[NAME_LABEL] === name)) {
      at('missing');
      continue;
    }
    const ingress = applying.filter((p) => typesOf(p).includes('Ingress')).flatMap((p) => p.spec?.ingress ?? []);
    const egress = applying.filter((p) => typesOf(p).includes('Egress')).flatMap((p) => p.spec?.egress ?? []);

    for (const rule of ingress) {
      if (!rule.ports?.length) at('an ingress rule allows every port');
      for (const port of rule.ports ?? []) if (portNumber(port, app) !== app.port) at(`ingress on port ${port.port}, not ${app.port}`);
      if (app.reachedBy.includes('*')) continue;
      const peers = rule.from ?? [];
      if (peers.length === 0) at(`ingress from anywhere; only ${app.reachedBy.join(', ')} may connect`);
      for (const peer of peers) {
        if (!app.reachedBy.some((caller) => isPodsOf(peer, caller))) at(`ingress from ${JSON.stringify(peer)}; only ${app.reachedBy.join(', ')} may connect`);
      }
    }
    for (const caller of app.reachedBy) {
      const admitted = ingress.some((rule) => (caller === '*' ? !rule.from?.length : rule.from?.some((peer) => isPodsOf(peer, caller))));
      if (!admitted) at(`${caller === '*' ? 'clients' : caller} cannot connect`);
    }

    for (const rule of egress) {
      if (!rule.ports?.length) {
        at('an egress rule allows every port');
        continue;
      }
      for (const port of rule.ports) {
        const number = typeof port.port === 'number' ? port.port : undefined;
        if (number === DNS_PORT) continue;
        // Several destinations share a port (443: the identity provider, Stripe).
        const externals = Object.entries(EXTERNAL_PORTS)
          .filter(([, p]) => p === number)
          .map(([external]) => external);
        if (externals.length > 0) {
          if (!externals.some((external) => app.reaches.includes(external))) at(`egress to port ${number} (${externals.join(' or ')}), which ${name} must not reach`);
          continue;
        }
        const upstream = Object.entries(APPS).find(([, spec]) => spec.port === number)?.[0];
        if (upstream === undefined || !app.reaches.includes(upstream)) at(`egress to port ${port.port}, which ${name} must not reach`);
        else if (!(rule.to ?? []).length || !(rule.to ?? []).every((peer) => isPodsOf(peer, upstream))) at(`egress to port ${number} must go to the ${upstream} pods only`);
      }
    }
    for (const target of app.reaches) {
      const port = EXTERNAL_PORTS[target] ?? APPS[target]?.port;
      if (!egress.some((rule) => rule.ports?.some((p) => p.port === port))) at(`cannot reach ${target} (port ${port})`);
    }
  }
  return problems;
}

export interface RenderExpectations {
  /** replicas every Deployment must have */
  replicas?: number;
  /** every image must carry an explicit tag other than latest */
  pinnedImages?: boolean;
  /** a PodDisruptionBudget per app */
  disruptionBudgets?: boolean;
}

/** Problems of a whole rendered kustomization. */
export function checkRendered(objects: K8sObject[], expect: RenderExpectations = {}): string[] {
  const problems: string[] = [];
  const valid = objects.filter((obj) => {
    try {
      validateK8sObject(obj);
      return true;
    } catch (error) {
      problems.push(`${obj.kind} ${obj.metadata?.name}: ${(error as Error).message}`);
      return false;
    }
  });
  const ids = objects.map(objectId);
  for (const id of new Set(ids)) if (ids.filter((x) => x === id).length > 1) problems.push(`duplicate ${id}`);
  if (!objects.some((o) => o.kind === 'Namespace' && o.metadata.name === NAMESPACE)) {
    problems.push(`Namespace ${NAMESPACE} missing`);
  }
  for (const obj of objects) {
    if (!CLUSTER_SCOPED_KINDS.has(obj.kind) && obj.metadata.namespace !== NAMESPACE) {
      problems.push(`${obj.kind} ${obj.metadata.name} is not in namespace ${NAMESPACE}`);
    }
    if (obj.kind === 'Secret') problems.push(`Secret ${obj.metadata.name}: secret values must not be committed`);
  }

  // The checks below read fields whose shape only the schema validation guarantees.
  const of = <T>(kind: string) => valid.filter((o) => o.kind === kind) as unknown as T[];
  const deployments = of<IDeployment>('Deployment');
  const services = of<IService>('Service');
  const configMaps = of<IConfigMap>('ConfigMap');
  const budgets = of<IPodDisruptionBudget>('PodDisruptionBudget');
  problems.push(...checkNetworkPolicies(of<INetworkPolicy>('NetworkPolicy'), deployments));

  for (const app of APP_NAMES) {
    if (!deployments.some((d) => d.metadata?.name === app)) problems.push(`Deployment ${app} missing`);
    const service = services.find((s) => s.metadata?.name === app);
    if (!service) problems.push(`Service ${app} missing`);
    else if (!service.spec?.ports?.some((p) => p.port === APPS[app].port)) {
      problems.push(`Service ${app} must expose port ${APPS[app].port}`);
    }
    if (expect.disruptionBudgets && !budgets.some((b) => b.spec?.selector?.matchLabels?.[NAME_LABEL] === app)) {
      problems.push(`PodDisruptionBudget for ${app} missing`);
    }
  }
  for (const deployment of deployments) {
    problems.push(...checkDeployment(deployment, configMaps, services));
    if (expect.replicas !== undefined && deployment.spec?.replicas !== expect.replicas) {
      problems.push(`Deployment ${deployment.metadata?.name}: replicas ${deployment.spec?.replicas} != ${expect.replicas}`);
    }
    if (expect.pinnedImages) {
      for (const container of deployment.spec?.template.spec?.containers ?? []) {
        const { tag, digest } = parseImage(container.image ?? '');
        if (!digest && (!tag || tag === 'latest')) {
          problems.push(`Deployment ${deployment.metadata?.name}: image ${container.image} has no pinned tag`);
        }
      }
    }
  }
  for (const service of services) problems.push(...checkService(service, deployments));
  for (const budget of budgets) {
    const selector = budget.spec?.selector?.matchLabels;
    const matching = deployments.filter((d) => labelsMatch(selector, d.spec?.template.metadata?.labels));
    if (matching.length !== 1) problems.push(`PodDisruptionBudget ${budget.metadata?.name} matches ${matching.length} Deployments`);
    else if ((matching[0].spec?.replicas ?? 1) <= (budget.spec?.minAvailable as number)) {
      problems.push(`PodDisruptionBudget ${budget.metadata?.name}: minAvailable blocks every eviction`);
    }
  }
  return problems;
}

// ------------------------------------------------------------------------------------------------
// Dockerfile

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  name?: string;
  /** the FROM image with global ARG defaults substituted */
  from: string;
  instructions: DockerInstruction[];
}

export interface DockerfileInfo {
  globalArgs: Record<string, string | undefined>;
  stages: DockerStage[];
}

function substituteArgs(value: string, args: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string, b: string) =>
    String(args[a ?? b] ?? ''),
  );
}

function parseArg(args: string): [string, string | undefined] {
  const [name, ...rest] = args.trim().split('=');
  return [name, rest.length > 0 ? rest.join('=').replace(/^"(.*)"$/, '$1') : undefined];
}

export function parseDockerfile(source: string): DockerfileInfo {
  const instructions: DockerInstruction[] = [];
  let current = '';
  for (const rawLine of source.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith('#') || (line === '' && current === '')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    const match = /^(\S+)\s*(.*)$/s.exec(current.trim());
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim() });
    current = '';
  }
  const info: DockerfileInfo = { globalArgs: {}, stages: [] };
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`cannot parse FROM ${instruction.args}`);
      info.stages.push({ from: substituteArgs(match[1], info.globalArgs), name: match[2], instructions: [] });
    } else if (info.stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`${instruction.keyword} before the first FROM`);
      const [name, value] = parseArg(instruction.args);
      info.globalArgs[name] = value;
    } else {
      info.stages[info.stages.length - 1].instructions.push(instruction);
    }
  }
  return info;
}

export function stageDeclaresArg(stage: DockerStage, arg: string): boolean {
  return stage.instructions.some((i) => i.keyword === 'ARG' && parseArg(i.args)[0] === arg);
}

function jsonArray(args: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(args);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Problems of the Dockerfile: a deps stage with npm ci, a non-root runtime stage selected by APP. */
export function checkDockerfile(info: DockerfileInfo): string[] {
  const problems: string[] = [];
  const stage = (name: string) => info.stages.find((s) => s.name === name);
  const names = new Set(info.stages.map((s) => s.name));
  for (const s of info.stages) {
    if (s.from !== NODE_IMAGE && !names.has(s.from)) problems.push(`stage ${s.name}: FROM ${s.from}, expected ${NODE_IMAGE}`);
  }
  const deps = stage('deps');
  if (!deps) problems.push('no stage named deps');
  else {
    if (!deps.instructions.some((i) => i.keyword === 'COPY' && i.args.includes('package-lock.json'))) {
      problems.push('deps stage does not copy package-lock.json');
    }
    if (!deps.instructions.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args))) {
      problems.push('deps stage does not run npm ci');
    }
  }
  const runtime = stage('runtime');
  if (!runtime) return [...problems, 'no stage named runtime'];
  if (info.stages[info.stages.length - 1] !== runtime) problems.push('runtime must be the last (default) stage');
  if (!stageDeclaresArg(runtime, 'APP')) problems.push('runtime stage does not declare ARG APP');

  const copies = runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
  if (!copies.some((c) => /--from=deps\b/.test(c) && c.includes('node_modules'))) {
    problems.push('runtime stage does not copy node_modules from deps');
  }
  for (const needed of ['tsconfig.json', 'tsconfig.base.json', 'tools/register.js', 'libs', 'apps/${APP}']) {
    if (!copies.some((c) => !c.includes('--from') && c.split(/\s+/).slice(0, -1).includes(needed))) {
      problems.push(`runtime stage does not COPY ${needed}`);
    }
  }

  const users = runtime.instructions.filter((i) => i.keyword === 'USER');
  const user = users[users.length - 1]?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push('runtime stage must end with a non-root USER');
  else if (!/^\d+$/.test(user)) problems.push(`USER ${user} must be numeric so Kubernetes can verify runAsNonRoot`);

  const cmds = runtime.instructions.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  const cmd = cmds.length > 0 ? jsonArray(cmds[cmds.length - 1].args) : undefined;
  if (!cmd) problems.push('runtime stage needs an exec-form (JSON) CMD');
  else {
    const command = cmd.join(' ');
    if (!command.includes('-r ./tools/register.js') || !command.includes('apps/${APP}/src/main.ts')) {
      problems.push(`CMD does not run node -r ./tools/register.js apps/\${APP}/src/main.ts: ${command}`);
    }
    const shell = ['/bin/sh', 'sh', '/bin/bash', 'bash'].includes(cmd[0]);
    if (shell && !/^exec\s+node\b/.test(cmd[cmd.length - 1])) {
      problems.push('CMD runs node under a shell without exec: SIGTERM would not reach node');
    } else if (!shell && cmd[0] !== 'node') problems.push(`CMD starts ${cmd[0]}, not node`);
  }
  const healthcheck = runtime.instructions.find((i) => i.keyword === 'HEALTHCHECK');
  if (healthcheck && !healthcheck.args.includes('/health/live')) problems.push('HEALTHCHECK does not hit /health/live');
  if (healthcheck && /\bcurl\b|\bwget\b/.test(healthcheck.args)) problems.push('HEALTHCHECK uses a tool missing in slim images');
  return problems;
}

// ------------------------------------------------------------------------------------------------
// .dockerignore

export interface IgnorePattern {
  negate: boolean;
  regex: RegExp;
}

export function parseDockerignore(source: string): IgnorePattern[] {
  return source
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const pattern = path.posix.normalize((negate ? line.slice(1) : line).trim()).replace(/^\/+|\/+$/g, '');
      let regex = '';
      for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === '*' && pattern[i + 1] === '*') {
          regex += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
          i += pattern[i + 2] === '/' ? 2 : 1;
        } else if (ch === '*') regex += '[^/]*';
        else if (ch === '?') regex += '[^/]';
        else regex += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      return { negate, regex: new RegExp(`^${regex}$`) };
    });
}

/** Whether a path relative to the build context is left out of it (last matching pattern wins). */
export function isDockerIgnored(file: string, patterns: IgnorePattern[]): boolean {
  const parts = file.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const pattern of patterns) {
    if (candidates.some((candidate) => pattern.regex.test(candidate))) ignored = !pattern.negate;
  }
  return ignored;
}

/** Problems of the build context: what the Dockerfile copies is in, local state and secrets are out. */
export function checkDockerignore(patterns: IgnorePattern[], info: DockerfileInfo): string[] {
  const problems: string[] = [];
  const sources = info.stages
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'COPY' && !i.args.includes('--from'))
    .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1));
  const needed = sources.flatMap((source) =>
    source.includes('${APP}') ? APP_NAMES.map((app) => source.replace('${APP}', app)) : [source],
  );
  for (const source of needed) {
    // A directory stands for the TypeScript sources inside it.
    const probe = path.extname(source) === '' ? `${source}/src/${source.startsWith('apps/') ? 'main' : 'index'}.ts` : source;
    if (isDockerIgnored(probe, patterns)) problems.push(`${probe} (copied by the Dockerfile) is excluded by .dockerignore`);
  }
  for (const local of ['node_modules/x/index.js', '.git/HEAD', '.env', 'apps/ledger/.env.local', '.data/pg/x', 'tools/kafka/lib/kafka.jar', 'coverage/lcov.info', 'apps/ledger/src/x.spec.ts']) {
    if (!isDockerIgnored(local, patterns)) problems.push(`${local} is not excluded from the build context`);
  }
  return problems;
}

// ------------------------------------------------------------------------------------------------
// npm: what `npm ci --omit=dev` installs, and whether the services import only that

export interface LockPackage {
  version?: string;
  dev?: boolean;
  devOptional?: boolean;
  hasInstallScript?: boolean;
}

export interface Lockfile {
  packages: Record<string, LockPackage>;
}

/** Names of top-level packages installed by `npm ci --omit=dev`. */
export function productionPackages(lock: Lockfile): Set<string> {
  const names = new Set<string>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key);
    if (match && !entry.dev && !entry.devOptional) names.add(match[1]);
  }
  return names;
}

/** Package names (non-dev) whose install scripts `npm ci --ignore-scripts` skips. */
export function productionInstallScripts(lock: Lockfile): string[] {
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key !== '' && entry.hasInstallScript && !entry.dev && !entry.devOptional)
    .map(([key]) => key.replace(/^.*node_modules\//, ''))
    .filter((name, i, names) => names.indexOf(name) === i)
    .sort();
}

/** Module specifiers a TypeScript file loads at run time (type-only imports are erased). */
export function runtimeImports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specifiers: string[] = [];
  const patterns = [
    /\bimport\s+(?!type\s)(?:[\w*${},\s]+?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?!type\s)(?:\*|\*\s+as\s+\w+|\{[^}]*\})\s+from\s+['"]([^'"]+)['"]/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) specifiers.push(match[1]);
  return specifiers;
}

export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);
}

function resolveSourceFile(base: string): string | undefined {
  const candidates = [base, `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile() && /\.(ts|js|json)$/.test(c));
}

/** Third-party packages reachable from an app's sources (following relative and @credits/* imports). */
export function appPackageImports(app: string, aliases: Record<string, string[]>): Map<string, string> {
  const srcDir = path.join(ROOT, 'apps', app, 'src');
  const isTestFile = (f: string) => /\.(spec|int-spec)\.ts$/.test(f) || f.includes('__fixtures__');
  const queue = existsSync(srcDir) ? listFiles(srcDir, (f) => f.endsWith('.ts') && !isTestFile(f)) : [];
  const seen = new Set<string>(queue);
  const packages = new Map<string, string>();
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (!file.endsWith('.ts')) continue;
    for (const specifier of runtimeImports(readFileSync(file, 'utf8'))) {
      let target: string | undefined;
      if (specifier.startsWith('.')) target = resolveSourceFile(path.resolve(path.dirname(file), specifier));
      else if (aliases[specifier]) target = resolveSourceFile(path.join(ROOT, aliases[specifier][0]));
      else if (!isBuiltin(specifier)) {
        if (!packages.has(packageName(specifier))) packages.set(packageName(specifier), path.relative(ROOT, file));
        continue;
      } else continue;
      if (!target) throw new Error(`${path.relative(ROOT, file)}: cannot resolve ${specifier}`);
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return packages;
}

// ------------------------------------------------------------------------------------------------
// docker-compose.yml

export function parseCompose(source: string): Obj {
  const doc = parseDocument(source, { merge: true });
  const issues = [...doc.errors, ...doc.warnings];
  if (issues.length > 0) throw new Error(`docker-compose.yml: ${issues.map((e) => e.message).join('; ')}`);
  const value: unknown = doc.toJS();
  if (!isObj(value)) throw new Error('docker-compose.yml is not a mapping');
  return value;
}

/** A compose service's environment as a map (mapping or KEY=VALUE list), defaults interpolated. */
export function composeEnv(service: Obj): Record<string, string> {
  const raw = service.environment;
  const env: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const [key, ...rest] = String(item).split('=');
      env[key] = interpolateComposeDefaults(rest.join('='));
    }
  } else if (isObj(raw)) {
    for (const [key, value] of Object.entries(raw)) env[key] = interpolateComposeDefaults(String(value ?? ''));
  }
  return env;
}

function healthcheckCommand(service: Obj): string | undefined {
  const healthcheck = service.healthcheck;
  if (!isObj(healthcheck) || healthcheck.disable === true) return undefined;
  const test = healthcheck.test;
  if (Array.isArray(test)) return test[0] === 'NONE' ? undefined : test.slice(1).join(' ');
  return typeof test === 'string' ? test : undefined;
}

interface Listener {
  name: string;
  host: string;
  port: number;
}

function parseListeners(value: string | undefined): Listener[] {
  return (value ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const match = /^([A-Z_]+):\/\/([^:]*):(\d+)$/.exec(s.trim());
      return match ? { name: match[1], host: match[2], port: Number(match[3]) } : { name: '?', host: '', port: NaN };
    });
}

function checkKafka(kafka: Obj): string[] {
  const problems: string[] = [];
  if (typeof kafka.image !== 'string' || !/^apache\/kafka:\d+\.\d+\.\d+$/.test(kafka.image)) {
    problems.push(`kafka image ${kafka.image} is not the official apache/kafka:<version>`);
  }
  const env = composeEnv(kafka);
  const required = [
    'KAFKA_NODE_ID',
    'KAFKA_PROCESS_ROLES',
    'KAFKA_LISTENERS',
    'KAFKA_ADVERTISED_LISTENERS',
    'KAFKA_CONTROLLER_LISTENER_NAMES',
    'KAFKA_CONTROLLER_QUORUM_VOTERS',
    'KAFKA_LISTENER_SECURITY_PROTOCOL_MAP',
  ];
  for (const key of required) if (!env[key]) problems.push(`kafka: ${key} missing (KRaft)`);
  const roles = new Set((env.KAFKA_PROCESS_ROLES ?? '').split(',').map((r) => r.trim()));
  if (!roles.has('broker') || !roles.has('controller') || roles.size !== 2) {
    problems.push('kafka: KAFKA_PROCESS_ROLES must be broker,controller (single KRaft node)');
  }
  for (const key of [
    'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
    'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
    'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
  ]) {
    if (env[key] !== '1') problems.push(`kafka: ${key} must be 1 on a single node`);
  }
  if (env.KAFKA_NUM_PARTITIONS !== '3') problems.push('kafka: KAFKA_NUM_PARTITIONS must be 3');
  if (env.CLUSTER_ID !== undefined && Buffer.from(env.CLUSTER_ID, 'base64url').length !== 16) {
    problems.push('kafka: CLUSTER_ID must be a base64url-encoded 16-byte UUID');
  }

  const listeners = parseListeners(env.KAFKA_LISTENERS);
  const advertised = parseListeners(env.KAFKA_ADVERTISED_LISTENERS);
  const listenerNames = new Set(listeners.map((l) => l.name));
  const protocolMap = new Set((env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP ?? '').split(',').map((e) => e.split(':')[0]));
  const controllerNames = (env.KAFKA_CONTROLLER_LISTENER_NAMES ?? '').split(',');
  for (const listener of [...listeners, ...advertised]) {
    if (Number.isNaN(listener.port)) problems.push('kafka: malformed listener');
    else if (!protocolMap.has(listener.name)) problems.push(`kafka: listener ${listener.name} has no security protocol`);
  }
  for (const listener of advertised) {
    if (!listenerNames.has(listener.name)) problems.push(`kafka: advertised listener ${listener.name} is not a listener`);
    if (controllerNames.includes(listener.name)) problems.push('kafka: the controller listener must not be advertised');
  }
  const controller = listeners.find((l) => controllerNames.includes(l.name));
  if (!controller) problems.push('kafka: no listener named in KAFKA_CONTROLLER_LISTENER_NAMES');
  const voters = (env.KAFKA_CONTROLLER_QUORUM_VOTERS ?? '').split(',');
  if (controller && !voters.some((v) => new RegExp(`^${env.KAFKA_NODE_ID}@[^:]+:${controller.port}$`).test(v))) {
    problems.push('kafka: KAFKA_CONTROLLER_QUORUM_VOTERS must name this node at its controller port');
  }
  const health = healthcheckCommand(kafka) ?? '';
  const bootstrap = /kafka-broker-api-versions\.sh\s+--bootstrap-server\s+localhost:(\d+)/.exec(health);
  if (!bootstrap) problems.push('kafka: healthcheck must run kafka-broker-api-versions.sh --bootstrap-server localhost:<port>');
  else if (!listeners.some((l) => l.port === Number(bootstrap[1]) && !controllerNames.includes(l.name))) {
    problems.push(`kafka: healthcheck port ${bootstrap[1]} is not a broker listener`);
  }
  return problems;
}

/** Problems of docker-compose.yml, checked against the Dockerfile it builds. */
export function checkCompose(compose: Obj, dockerfile: DockerfileInfo): string[] {
  const problems: string[] = [];
  const services = isObj(compose.services) ? compose.services : {};
  for (const name of ['kafka', 'postgres', ...APP_NAMES]) {
    if (!isObj(services[name])) problems.push(`service ${name} missing`);
  }
  if (problems.length > 0) return problems;
  const service = (name: string) => services[name] as Obj;

  problems.push(...checkKafka(service('kafka')));
  const kafkaAdvertised = parseListeners(composeEnv(service('kafka')).KAFKA_ADVERTISED_LISTENERS);

  const postgres = service('postgres');
  if (postgres.image !== 'postgres:17-alpine') problems.push(`postgres image ${postgres.image} is not postgres:17-alpine`);
  if (!/\bpg_isready\b/.test(healthcheckCommand(postgres) ?? '')) problems.push('postgres: healthcheck must use pg_isready');
  const postgresEnv = composeEnv(postgres);
  if (!postgresEnv.POSTGRES_DB || !postgresEnv.POSTGRES_USER) problems.push('postgres: POSTGRES_DB/POSTGRES_USER missing');

  const ports: Record<string, number> = {};
  for (const name of APP_NAMES) ports[name] = Number(composeEnv(service(name)).PORT);

  for (const name of APP_NAMES) {
    const app = APPS[name];
    const svc = service(name);
    const at = (message: string) => problems.push(`${name}: ${message}`);

    const build = svc.build;
    if (!isObj(build)) at('build must be a mapping (context, dockerfile, target, args)');
    else {
      if (build.context !== '.') at('build.context must be the repository root (.)');
      if (build.dockerfile !== 'Dockerfile') at('build.dockerfile must be Dockerfile');
      const stage = dockerfile.stages.find((s) => s.name === build.target);
      if (!stage) at(`build.target ${build.target} is not a stage of the Dockerfile`);
      const args = isObj(build.args) ? build.args : {};
      if (args.APP !== name) at(`build.args.APP must be ${name}`);
      if (stage && !stageDeclaresArg(stage, 'APP')) at(`Dockerfile stage ${stage.name} does not declare ARG APP`);
    }

    const env = composeEnv(svc);
    if (ports[name] !== app.port) at(`PORT must be ${app.port}`);
    for (const variable of app.requiredEnv) if (!env[variable]) at(`environment ${variable} missing`);
    for (const variable of app.forbiddenEnv) if (variable in env) at(`environment ${variable} must not be set`);
    for (const broker of (env.KAFKA_BROKERS ?? '').split(',').filter(Boolean)) {
      const hp = hostPort(broker);
      if (!hp || hp.host !== 'kafka' || !kafkaAdvertised.some((l) => l.host === 'kafka' && l.port === hp.port)) {
        at(`KAFKA_BROKERS ${broker} is not an advertised listener kafka:<port>`);
      }
    }
    if (env.DATABASE_URL !== undefined) {
      const url = URL.canParse(env.DATABASE_URL) ? new URL(env.DATABASE_URL) : undefined;
      if (!url || !['postgres:', 'postgresql:'].includes(url.protocol) || url.hostname !== 'postgres') {
        at('DATABASE_URL must be postgres://...@postgres:5432/<db>');
      } else if (url.pathname !== `/${postgresEnv.POSTGRES_DB}` || decodeURIComponent(url.username) !== postgresEnv.POSTGRES_USER) {
        at('DATABASE_URL does not match POSTGRES_DB/POSTGRES_USER');
      }
    }
    if (env.JWT_SECRET !== undefined && env.JWT_SECRET.length < 32) at('JWT_SECRET (default) shorter than 32 characters');
    if (env.INTERNAL_SECRET !== undefined && env.INTERNAL_SECRET.length < 32) at('INTERNAL_SECRET (default) shorter than 32 characters');
    if (env.INTERNAL_SECRET !== composeEnv(service(APP_NAMES[0])).INTERNAL_SECRET) at(`INTERNAL_SECRET differs from ${APP_NAMES[0]}'s`);
    for (const [variable, upstream] of [
      ['LEDGER_URL', 'ledger'],
      ['MEMBERSHIP_URL', 'membership'],
      ['PAYMENTS_URL', 'payments'],
      ['BILLING_URL', 'billing'],
    ]) {
      if (env[variable] !== undefined && env[variable] !== `http://${upstream}:${ports[upstream]}`) {
        at(`${variable} must be http://${upstream}:${ports[upstream]}`);
      }
    }

    const health = healthcheckCommand(svc);
    if (!health?.includes('/health/ready')) at('healthcheck must hit /health/ready');
    if (health && /\bcurl\b|\bwget\b/.test(health)) at('healthcheck uses a tool missing in slim images');
    const grace = parseDuration(svc.stop_grace_period);
    if (!(grace >= 30)) at('stop_grace_period must be at least 30s');

    const needs = name === 'api-gateway' ? ['kafka', 'ledger', 'membership', 'payments', 'billing'] : ['postgres', 'kafka'];
    const dependsOn = svc.depends_on;
    for (const dependency of needs) {
      const condition = isObj(dependsOn) && isObj(dependsOn[dependency]) ? dependsOn[dependency].condition : undefined;
      if (condition !== 'service_healthy') at(`depends_on.${dependency}.condition must be service_healthy`);
    }
    if (isObj(dependsOn)) {
      for (const dependency of Object.keys(dependsOn)) {
        if (!isObj(services[dependency]) || !healthcheckCommand(services[dependency] as Obj)) {
          at(`depends on ${dependency}, which has no healthcheck`);
        }
      }
    }
  }

  const gatewayPorts = (service('api-gateway').ports ?? []) as unknown[];
  const published = gatewayPorts.some((p) =>
    isObj(p) ? Number(p.target) === 3000 && Number(p.published) === 3000 : /(^|:)3000:3000$/.test(String(p)),
  );
  if (!published) problems.push('api-gateway: port 3000 must be published as 3000');
  return problems;
}
