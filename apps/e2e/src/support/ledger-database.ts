import { Client } from 'pg';

/** How many events the ledger has stored, read from its database: proof that a refused request wrote nothing. */
export async function ledgerEventCount(databaseUrl: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM ledger.events')).rows[0].n;
  } finally {
    await client.end();
  }
}
