// Jest globalSetup: provisions PostgreSQL, Kafka and stripe-mock once per run, only when integration tests will run.
// The env vars set here are inherited by the test workers, which start after this.
import './path-aliases';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@jest/types';
import { provisionInfra } from './provision';

export const INFRA_HANDLE = '__CREDITS_TEST_INFRA__';

function intSpecFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'dist'].includes(entry.name) || entry.name.startsWith('.') ? [] : intSpecFiles(path);
    return entry.name.endsWith('.int-spec.ts') ? [path] : [];
  });
}

/**
 * Values of a jest CLI list flag, read as jest's parser (yargs) reads them: `--flag a b` or `--flag=a`.
 * Jest 29 keeps --selectProjects/--ignoreProjects out of the GlobalConfig passed to global setup.
 */
function cliList(flag: string): string[] | undefined {
  const names = [`--${flag}`, `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`];
  const args = process.argv.slice(2);
  let values: string[] | undefined;
  args.forEach((arg, i) => {
    const [name, inline] = arg.split(/=(.*)/s);
    if (!names.includes(name)) return;
    values ??= [];
    if (inline !== undefined) values.push(inline);
    else for (let j = i + 1; j < args.length && !args[j].startsWith('-'); j++) values.push(args[j]);
  });
  return values;
}

/** Mirrors the integration project's testMatch and the CLI's project and path filters. */
function integrationTestsWillRun(config: Config.GlobalConfig): boolean {
  const selected = cliList('selectProjects');
  if (selected && !selected.includes('integration')) return false;
  if (cliList('ignoreProjects')?.includes('integration')) return false;
  if (config.onlyChanged || config.findRelatedTests || config.changedSince) return true; // can't tell cheaply
  const pattern = new RegExp(config.testPathPattern || '.', 'i');
  return ['apps', 'libs', 'tools', 'k8s']
    .map((dir) => join(config.rootDir, dir))
    .flatMap((dir) => {
      try {
        return intSpecFiles(dir);
      } catch {
        return []; // folder absent
      }
    })
    .some((file) => pattern.test(file));
}

export default async function globalSetup(config: Config.GlobalConfig): Promise<void> {
  if (!integrationTestsWillRun(config)) return;
  const infra = await provisionInfra({ log: (m) => console.log(`[infra] ${m}`) });
  process.env.DATABASE_URL = infra.databaseUrl;
  process.env.KAFKA_BROKERS = infra.kafkaBrokers;
  process.env.STRIPE_API_BASE = infra.stripeApiBase;
  (globalThis as Record<string, unknown>)[INFRA_HANDLE] = infra;
}
