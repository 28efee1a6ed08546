import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  /** microseconds of the monotonic clock, the one process.hrtime reads */
  readonly startTime: number;
  readonly timeDeltas: readonly number[];
}

/** A span of the monotonic clock in microseconds (process.hrtime.bigint() / 1000n). */
export interface Window {
  readonly name: string;
  readonly fromUs: number;
  readonly toUs: number;
}

export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

const where = (url: string) => {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const repo = url.search(/\/(libs|apps|tools|bench)\//);
  return repo >= 0 ? url.slice(repo + 1) : url;
};
/** the npm package, node's own module, or the repo folder a frame's code is in */
const owner = (url: string) => {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + 'node_modules/'.length).split('/');
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const repo = url.search(/\/(libs|apps|tools|bench)\//);
  return repo >= 0 ? url.slice(repo + 1).split('/').slice(0, 3).join('/') : url;
};
const pct = (part: number, whole: number) => `${((100 * part) / Math.max(whole, 1)).toFixed(1).padStart(5)}%`;
const top = <K>(counts: Map<K, number>, n: number) => [...counts].sort((a, b) => b[1] - a[1]).slice(0, n);

/**
 * What a `node --cpu-prof` profile spends its samples on, within each window (a measurement of the
 * benchmark): the packages and functions with the most self time, and the total (self + callees)
 * time of the functions in `watch`.
 */
export function summarizeProfile(file: string, windows: readonly Window[], watch: readonly string[] = [], n = 20): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const lines = [file];
  for (const window of windows) {
    const self = new Map<number, number>();
    let at = profile.startTime;
    profile.samples.forEach((sample, index) => {
      at += profile.timeDeltas[index];
      if (at >= window.fromUs && at <= window.toUs) self.set(sample, (self.get(sample) ?? 0) + 1);
    });
    const total = [...self.values()].reduce((sum, count) => sum + count, 0);
    if (total === 0) continue;
    const bySelf = new Map<string, number>();
    const byOwner = new Map<string, number>();
    const inclusive = new Map<string, number>();
    for (const [id, count] of self) {
      const frame = byId.get(id)!.callFrame;
      const key = `${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber + 1}`;
      bySelf.set(key, (bySelf.get(key) ?? 0) + count);
      const home = frame.url ? owner(frame.url) : frame.functionName;
      byOwner.set(home, (byOwner.get(home) ?? 0) + count);
      const seen = new Set<string>(); // once per sample however deep the recursion
      for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
        const name = byId.get(node)!.callFrame.functionName;
        if (watch.includes(name) && !seen.has(name)) {
          seen.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + count);
        }
      }
    }
    lines.push(`== ${window.name}: ${total} samples`, 'self time by package or module:');
    for (const [key, count] of top(byOwner, n)) lines.push(`  ${pct(count, total)}  ${key}`);
    lines.push('self time by function:');
    for (const [key, count] of top(bySelf, n)) lines.push(`  ${pct(count, total)}  ${key}`);
    if (watch.length) {
      lines.push('total time (self + callees):');
      for (const name of watch) lines.push(`  ${pct(inclusive.get(name) ?? 0, total)}  ${name}`);
    }
  }
  return lines.join('\n');
}

if (require.main === module) {
  const [file, ...watch] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node -r ./tools/register.js bench/gateway/profile-summary.ts <file.cpuprofile> [function names...]\n');
    process.exit(2);
  }
  process.stdout.write(`${summarizeProfile(file, [{ name: 'whole run', fromUs: 0, toUs: Number.MAX_SAFE_INTEGER }], watch)}\n`);
}
