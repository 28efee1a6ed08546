import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** What the stores need of a connection: a pool or a client inside a transaction. */
export type SqlClient = Pick<PoolClient, 'query'> | Pick<Pool, 'query'>;

export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export type Row = QueryResultRow;

/** Safe SQL identifier for a schema name given by configuration. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return `"${name}"`;
}
