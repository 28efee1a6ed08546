import { Pool } from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';
import { ConfigError, loadConfig, url } from './config';
import { JsonLogger } from './json-logger';

/**
 * Makes lost connections harmless to the process (database restart, failover, pg_terminate_backend,
 * idle_session_timeout). A client whose connection drops emits 'error'; with no listener that is an
 * uncaught exception, and pg-pool listens only while a client is idle. Every client therefore gets a
 * listener of its own for its whole life: the query in flight fails, and the pool discards the
 * broken client when it is released.
 */
export function guardPool(pool: Pool, onConnectionLost: (error: Error) => void = () => undefined): Pool {
  pool.on('error', () => undefined); // pg-pool re-emits an idle client's error, already reported by the client's own listener
  pool.on('connect', (client) => client.on('error', onConnectionLost));
  return pool;
}

/** The services' pool: guarded (see guardPool), TCP keepalive on, a bounded wait for a connection. */
export function createPool(databaseUrl: string, max = 10, onConnectionLost: (error: Error) => void = () => undefined): Pool {
  return guardPool(new Pool({ connectionString: databaseUrl, max, keepAlive: true, connectionTimeoutMillis: 10_000 }), onConnectionLost);
}

/**
 * Runs a service's TypeORM migrations inside its own schema. A session advisory lock keeps two
 * replicas booting at once from migrating concurrently.
 */
export async function runMigrations(
  databaseUrl: string,
  schema: string,
  migrations: Array<new () => MigrationInterface>,
): Promise<void> {
  const lockPool = guardPool(new Pool({ connectionString: databaseUrl, max: 1 }));
  const lock = await lockPool.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [`migrations:${schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const dataSource = new DataSource({
      type: 'postgres',
      url: databaseUrl,
      schema,
      migrationsTableName: 'migrations',
      migrations,
      synchronize: false,
      logging: false,
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query(`SELECT pg_advisory_unlock_all()`).catch(() => undefined);
    lock.release();
    await lockPool.end();
  }
}

/**
 * The `apps/<app>/src/migrate.ts` entry of a service with a database (run by its migration Job in k8s/
 * before a rollout): migrates the schema at DATABASE_URL, then exits 0; on any failure exits 1.
 */
export function runMigrationCommand(service: string, migrate: (databaseUrl: string) => Promise<void>): void {
  const logger = new JsonLogger(service);
  const run = async () => {
    const config = loadConfig({ DATABASE_URL: url(`PostgreSQL URL; the ${service} schema is migrated`, ['postgres:', 'postgresql:']) });
    await migrate(config.DATABASE_URL);
    logger.write('info', `${service}: migrations applied`);
  };
  run().then(
    () => process.exit(0),
    (error) => {
      logger.write('error', `${service}: migrations failed`, { error: error instanceof ConfigError ? error.message : String(error?.stack ?? error) });
      process.exit(1);
    },
  );
}
