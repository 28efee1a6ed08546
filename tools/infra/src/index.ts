// Helpers for integration tests. The services come from the env vars that the Jest global setup
// (or `npm run infra:up`, see .data/infra/env) provides: DATABASE_URL and KAFKA_BROKERS.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export { type Infra, type InfraOptions, provisionInfra } from './provision';
export { type LocalPostgres, startLocalPostgres } from '@credits/local-postgres';
export { type PostgresProcess, startPostgresProcess } from './postgres-process';
export { type Service, freePort } from './util';

function required(name: 'DATABASE_URL' | 'KAFKA_BROKERS' | 'STRIPE_API_BASE'): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run integration tests with jest (its global setup provisions PostgreSQL and Kafka) ` +
        'or start them with `npm run infra:up` and export the variables from .data/infra/env',
    );
  }
  return value;
}

const uniqueSuffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** URL of the provisioned server's default database (prefer createTestDatabase in tests). */
export const databaseUrl = (): string => required('DATABASE_URL');

/** Bootstrap brokers of the provisioned Kafka, ready for `new Kafka({ brokers })`. */
export const kafkaBrokers = (): string[] => required('KAFKA_BROKERS').split(',');

/** Base URL of the provisioned stripe-mock (a Stripe-compatible API without webhooks). */
export const stripeApiBase = (): string => required('STRIPE_API_BASE');

/** Creates a fresh, uniquely named database on the provisioned server and returns its URL. */
export async function createTestDatabase(prefix: string): Promise<string> {
  const name = `${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 40)}_${uniqueSuffix()}`;
  const url = new URL(databaseUrl());
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

/** A topic name no other test uses (the broker auto-creates topics, with 3 partitions). */
export function uniqueTopic(prefix: string): string {
  return `${prefix.replace(/[^a-zA-Z0-9.-]/g, '-')}.${uniqueSuffix()}`;
}
export { kafkaToolsBin, startLocalKafka } from './kafka';
export { KUSTOMIZE_VERSION, ensureKustomize, kustomizeBuild } from './kustomize';
