import { Pool } from 'pg';
import { DataSource, type MigrationInterface } from 'typeorm';

/** A pool whose idle connections may drop (database restart, failover) without crashing the process. */
export function createPool(databaseUrl: string, max = 10, onIdleError: (error: Error) => void = () => undefined): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max });
  pool.on('error', onIdleError);
  return pool;
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
  const lockPool = new Pool({ connectionString: databaseUrl, max: 1 });
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
